/** One row per channel: visibility and colour, and when expanded its window, gamma, opacity and iso level. */
import { useState } from "react";
import { defaultWindow } from "./channelDefaults.js";
import { formatValue, Slider } from "./controls.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { useChannelStore, useSceneStore } from "./stores.js";

export function ChannelControls({ loaded }: { loaded: LoadedVolume }) {
  const channels = useChannelStore((s) => s.channels);
  const updateChannel = useChannelStore((s) => s.updateChannel);
  const mode = useSceneStore((s) => s.mode);
  const [expanded, setExpanded] = useState<number | null>(null);

  return (
    <ul className="channel-list">
      {channels.map((channel, index) => {
        const label = loaded.labels[index];
        const top = loaded.channelMaxima[index] || 1;
        const isOpen = expanded === index;
        return (
          <li key={index} className={channel.visible ? "channel visible" : "channel"}>
            <div className="channel-row">
              <input
                type="checkbox"
                checked={channel.visible}
                aria-label={`Show ${label}`}
                data-testid={`channel-visible-${index}`}
                onChange={(event) => updateChannel(index, { visible: event.currentTarget.checked })}
              />
              <input
                type="color"
                className="swatch"
                value={channel.color}
                aria-label={`Colour of ${label}`}
                onChange={(event) => updateChannel(index, { color: event.currentTarget.value })}
              />
              <button type="button" className="channel-name" aria-expanded={isOpen} onClick={() => setExpanded(isOpen ? null : index)}>
                {label}
                <span className="chevron">{isOpen ? "▾" : "▸"}</span>
              </button>
            </div>
            {isOpen && (
              <div className="channel-details">
                <Slider label="Window min" value={channel.windowMin} min={0} max={top} format={formatValue}
                  onChange={(windowMin) => updateChannel(index, { windowMin: Math.min(windowMin, channel.windowMax) })} />
                <Slider label="Window max" value={channel.windowMax} min={0} max={top} format={formatValue}
                  onChange={(windowMax) => updateChannel(index, { windowMax: Math.max(windowMax, channel.windowMin) })} />
                <button
                  type="button"
                  className="small-button"
                  onClick={() => {
                    const window = defaultWindow(label, loaded.channelValues(index));
                    updateChannel(index, { windowMin: window.min, windowMax: window.max });
                  }}
                >
                  Auto window
                </button>
                <Slider label="Gamma" value={channel.gamma} min={0.2} max={3} step={0.05} format={(v) => v.toFixed(2)}
                  onChange={(gamma) => updateChannel(index, { gamma })} />
                <Slider label="Opacity" value={channel.opacity} min={0} max={1} step={0.01} format={(v) => v.toFixed(2)}
                  onChange={(opacity) => updateChannel(index, { opacity })} />
                {mode === "iso" && (
                  <Slider label="Iso level" value={channel.isoLevel} min={0} max={top} format={formatValue}
                    onChange={(isoLevel) => updateChannel(index, { isoLevel })} />
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

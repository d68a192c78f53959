/**
 * Depth profiles of every region, all channels, charted together (channel = colour, region =
 * dash), with CSV export (the bytes `afmsims profile` writes) and PNG of the chart.
 */
import { useCallback, useMemo, useState } from "react";
import type uPlot from "uplot";
import { volumeValueUnits } from "../../profile/region.js";
import { chartPng, ProfileChart, type ChartLine, type ReferenceSeries } from "../lib/ProfileChart.js";
import { Segmented } from "./controls.js";
import { downloadBlob, exportStem } from "./download.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { regionDash } from "./regionStyles.js";
import { chartedProfile, type RoiProfile } from "./roiProfiles.js";
import { useChannelStore } from "./stores.js";
import { useRegionProfiles } from "./useRegionProfiles.js";
import { useThrottled } from "./useThrottled.js";
import type { RegionOfInterest } from "./viewState.js";

/** Drafts follow a drag at most this often: a draft of a large region of a large volume takes a while. */
const LIVE_INTERVAL_MS = 120;
const CHART_BACKGROUND = "#151b23";

type Scale = "log" | "linear";
const SCALES: { value: Scale; label: string }[] = [
  { value: "log", label: "Log" },
  { value: "linear", label: "Linear" },
];

/** The regions as they look now; the one being drawn or moved (if any) is profiled as a draft. */
export interface LiveRegions {
  rois: RegionOfInterest[];
  draftIndex: number | null;
}

export interface ProfilePanelProps {
  loaded: LoadedVolume;
  /** Must keep its identity while unchanged (it is throttled). */
  regions: LiveRegions;
  /** Extra series to compare with, e.g. SurfaceLab depth profiles. */
  references?: ReferenceSeries[];
}

interface ShownProfile {
  roi: RegionOfInterest;
  profile: RoiProfile;
}

export function ProfilePanel({ loaded, regions, references }: ProfilePanelProps) {
  const { volume } = loaded;
  const live = useThrottled(regions, LIVE_INTERVAL_MS);
  const requests = useMemo(() => live.rois.map((roi, index) => ({ shape: roi.shape, dragged: index === live.draftIndex })), [live]);
  const profiles = useRegionProfiles(volume, requests);
  const shown: ShownProfile[] = useMemo(() => live.rois.map((roi, index) => ({ roi, profile: profiles[index]! })), [live, profiles]);
  const colours = useChannelStore((s) => s.channels.map((c) => c.color).join(","));
  const [scale, setScale] = useState<Scale>("log");
  const [chart, setChart] = useState<uPlot | null>(null);
  const onChart = useCallback((made: uPlot | null) => setChart(made), []);

  const lines = useMemo(() => chartLines(shown, volume.labels, colours.split(",")), [shown, volume.labels, colours]);
  // Normalised volumes name their units in the file; the axis keeps it short and the CSV says it in full.
  const yLabel = volumeValueUnits(volume) === undefined ? "mean counts per voxel" : "mean value per voxel";

  return (
    <section className="profile-panel" aria-label="Depth profiles">
      <div className="profile-controls">
        <Segmented options={SCALES} value={scale} onChange={setScale} testId="profile-scale" />
        <button type="button" className="small-button" data-testid="export-chart-png" disabled={!chart}
          onClick={() => chart && void chartPng(chart, CHART_BACKGROUND).then((png) => downloadBlob(png, `${exportStem(volume.source, "profiles")}.png`))}>
          Chart PNG
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="profile-empty">Draw a region on the map (or enter one under Regions) to see its depth profile.</p>
      ) : (
        <ProfileChart lines={lines} references={references} logScale={scale === "log"} onChart={onChart}
          xLabel="depth below the original surface (nm)" yLabel={yLabel} />
      )}
      <ChannelKey labels={volume.labels} colours={colours.split(",")} />
      <ul className="profile-regions" data-testid="profile-regions">
        {shown.map(({ roi, profile }, index) => (
          <RegionRow key={index} index={index} roi={roi} profile={profile} source={volume.source} />
        ))}
      </ul>
    </section>
  );
}

function chartLines(shown: ShownProfile[], labels: readonly string[], colours: string[]): ChartLine[] {
  return shown.flatMap(({ roi, profile }, index) => {
    const charted = chartedProfile(profile);
    if (!charted) return [];
    const { positions, means } = charted;
    const rows = positions.length;
    const depthNm = Array.from(positions, (p) => p * 1e9);
    return labels.map((label, c) => ({
      label: `${roi.name} · ${label}`,
      color: colours[c] ?? "#8b96a3",
      dash: regionDash(index),
      x: depthNm,
      y: means.subarray(c * rows, (c + 1) * rows),
    }));
  });
}

function ChannelKey({ labels, colours }: { labels: readonly string[]; colours: string[] }) {
  return (
    <ul className="channel-key">
      {labels.map((label, c) => (
        <li key={c}>
          <span className="key-swatch" style={{ background: colours[c] }} />
          {label}
        </li>
      ))}
    </ul>
  );
}

function RegionRow({ index, roi, profile, source }: { index: number; roi: RegionOfInterest; profile: RoiProfile; source: string }) {
  const [open, setOpen] = useState(false);
  const { region } = profile;
  return (
    <li data-testid="profile-region">
      <div className="profile-region-row">
        <svg className="dash-sample" width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" stroke="#f0e442" strokeWidth="2" strokeDasharray={regionDash(index).join(" ")} />
        </svg>
        <span className="region-name">{roi.name}</span>
        <code>{roi.shape}</code>
        {region && <span className="profile-pixels">{region.context.pixels} px</span>}
        {profile.draft && (
          <span className="profile-pixels" title="Profiled from a sample of the region's pixels while it is dragged">
            draft: {profile.draft.used} of {profile.draft.pixels} px
          </span>
        )}
        {region && (
          <button type="button" className="small-button" data-testid="export-csv"
            onClick={() => downloadBlob(new Blob([region.csv()], { type: "text/csv" }), `${exportStem(source, roi.name)}.csv`)}>
            CSV
          </button>
        )}
      </div>
      {profile.problem !== undefined && <p className="form-problem">{profile.problem}</p>}
      {region && (
        <details onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary>values</summary>
          {open && <ProfileTable region={region} />}
        </details>
      )}
    </li>
  );
}

/** The profile's numbers, at the chart's precision (the CSV has the full seven digits). */
function ProfileTable({ region }: { region: NonNullable<RoiProfile["region"]> }) {
  const { profile, context } = region;
  const rows = profile.positions.length;
  return (
    <table className="profile-table" data-testid="profile-table">
      <thead>
        <tr>
          <th>depth (nm)</th>
          {context.labels.map((label, c) => (
            <th key={c}>{label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: rows }, (_, j) => (
          <tr key={j}>
            <td>{formatCell(profile.positions[j] * 1e9)}</td>
            {context.labels.map((_, c) => (
              <td key={c}>{formatCell(profile.means[c * rows + j])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatCell(value: number): string {
  return Number.isNaN(value) ? "–" : String(Number(value.toPrecision(5)));
}

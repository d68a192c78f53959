/**
 * Regions of interest, entered in the syntax of `afmsims profile --roi`, so the command that
 * profiles a region can be copied from here.
 */
import { useState } from "react";
import { parseRoi } from "../../profile/roi.js";
import { useViewerStores } from "./stores.js";
import { useStore } from "zustand";

export function RegionControls() {
  const stores = useViewerStores();
  const rois = useStore(stores.rois, (s) => s.rois);
  const [name, setName] = useState("");
  const [shape, setShape] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    try {
      parseRoi(shape);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    stores.rois.getState().setRois([...rois, { name: name.trim() || `Region ${rois.length + 1}`, shape: shape.trim() }]);
    setName("");
    setShape("");
    setProblem(null);
  };

  return (
    <div className="regions">
      <ul className="region-list" data-testid="region-list">
        {rois.map((roi, index) => (
          <li key={index}>
            <span className="region-name">{roi.name}</span>
            <code title="afmsims profile OUT.h5 --roi …">--roi '{roi.shape}'</code>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${roi.name}`}
              onClick={() => stores.rois.getState().setRois(rois.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="region-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <input placeholder="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} aria-label="Region name" />
        <input
          placeholder="circle:10,10,3 (µm) or px:rect:…"
          value={shape}
          onChange={(e) => setShape(e.currentTarget.value)}
          aria-label="Region shape"
          data-testid="region-shape"
        />
        <button type="submit" className="small-button">
          Add
        </button>
      </form>
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The legend of the dropped reference profiles: each can be hidden from the profile chart or
 * removed; the list says which of its ions match the volume's channels (only those are charted)
 * and how its sputter time becomes depth, with the rate open to correction.
 */
import type { DepthProfile } from "../../importers/surfacelab.js";
import { Section } from "./controls.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { useReferenceProfiles, volumeDepthGrid, type ReferenceProfile } from "./referenceProfiles.js";
import { matchChannel, stretchedRate } from "./referenceSeries.js";

const NM_PER_S = 1e-9;

export function ReferenceProfileList({ loaded }: { loaded: LoadedVolume }) {
  const profiles = useReferenceProfiles((s) => s.profiles);
  const problem = useReferenceProfiles((s) => s.problem);
  if (profiles.length === 0 && problem === null) return null;
  return (
    <Section title="Reference profiles">
      {problem && <p className="form-problem" role="alert">{problem}</p>}
      <ul className="region-list" data-testid="reference-profiles">
        {profiles.map((reference) => (
          <ReferenceRow key={reference.id} reference={reference} loaded={loaded} />
        ))}
      </ul>
    </Section>
  );
}

function ReferenceRow({ reference, loaded }: { reference: ReferenceProfile; loaded: LoadedVolume }) {
  const toggle = useReferenceProfiles((s) => s.toggle);
  const remove = useReferenceProfiles((s) => s.remove);
  const setSputterRate = useReferenceProfiles((s) => s.setSputterRate);
  const { id, title, profile, visible, sputterRate } = reference;
  const matched = profile.ions.filter((ion) => matchChannel(ion, loaded.labels) !== null).map((ion) => ion.label);
  const { depth } = volumeDepthGrid(loaded);
  const stretched = stretchedRate(profile, depth);
  return (
    <li>
      <label className="checkbox-label">
        <input type="checkbox" checked={visible} onChange={() => toggle(id)} aria-label={`Show ${title} on the profile chart`} />
        <span className="region-name">{title}</span>
      </label>
      <button type="button" className="icon-button" aria-label={`Remove ${title}`} onClick={() => remove(id)}>
        ×
      </button>
      <p className="dataset-facts" data-testid="reference-profile-facts">
        {profile.ions.length} ions, {profile.points} points over {timeSpan(profile)}
        {matched.length > 0 ? `; charted: ${matched.join(", ")}` : "; no ion matches a channel of this volume"}
      </p>
      <label className="field-label">
        Sputter rate (nm/s)
        <input
          type="number"
          min={0}
          step="any"
          placeholder={stretched === undefined ? "" : (stretched / NM_PER_S).toPrecision(3)}
          value={sputterRate === undefined ? "" : Number((sputterRate / NM_PER_S).toPrecision(6))}
          data-testid="reference-sputter-rate"
          onChange={(event) => {
            const value = Number(event.currentTarget.value);
            setSputterRate(id, event.currentTarget.value !== "" && value > 0 ? value * NM_PER_S : undefined);
          }}
        />
      </label>
      {sputterRate === undefined && stretched !== undefined && (
        <p className="dataset-facts" data-testid="reference-depth-note">
          Its {timeSpan(profile)} stretched over this volume's {(depth * 1e9).toFixed(0)} nm; enter a rate if it comes from another measurement.
        </p>
      )}
    </li>
  );
}

function timeSpan(profile: DepthProfile): string {
  return `${profile.sputterTime[0]}–${profile.sputterTime[profile.points - 1]} s`;
}

/** Where no volume is shown (an AFM height map), dropped reference profiles wait for one. */
export function PendingReferenceNote() {
  const titles = useReferenceProfiles((s) => s.profiles.map((p) => p.title).join(", "));
  const problem = useReferenceProfiles((s) => s.problem);
  if (titles === "" && problem === null) return null;
  return (
    <Section title="Reference profiles">
      {problem && <p className="form-problem" role="alert">{problem}</p>}
      {titles && <p className="dataset-facts" data-testid="pending-references">{titles}: charted once a volume is open.</p>}
    </Section>
  );
}

/**
 * The legend of the dropped reference profiles: each can be hidden from the profile chart or
 * removed; the list says which of its ions match the volume's channels (only those are charted).
 */
import { Section } from "./controls.js";
import { useReferenceProfiles } from "./referenceProfiles.js";
import { matchChannel } from "./referenceSeries.js";

export function ReferenceProfileList({ channelLabels }: { channelLabels: readonly string[] }) {
  const profiles = useReferenceProfiles((s) => s.profiles);
  const problem = useReferenceProfiles((s) => s.problem);
  const toggle = useReferenceProfiles((s) => s.toggle);
  const remove = useReferenceProfiles((s) => s.remove);
  if (profiles.length === 0 && problem === null) return null;
  return (
    <Section title="Reference profiles">
      {problem && <p className="form-problem" role="alert">{problem}</p>}
      <ul className="region-list" data-testid="reference-profiles">
        {profiles.map(({ id, title, profile, visible }) => {
          const matched = profile.ions.filter((ion) => matchChannel(ion, channelLabels) !== null).map((ion) => ion.label);
          return (
            <li key={id}>
              <label className="checkbox-label">
                <input type="checkbox" checked={visible} onChange={() => toggle(id)} aria-label={`Show ${title} on the profile chart`} />
                <span className="region-name">{title}</span>
              </label>
              <button type="button" className="icon-button" aria-label={`Remove ${title}`} onClick={() => remove(id)}>
                ×
              </button>
              <p className="dataset-facts" data-testid="reference-profile-facts">
                {profile.ions.length} ions, {profile.points} points over {formatSeconds(profile.sputterTime)}
                {matched.length > 0 ? `; charted: ${matched.join(", ")}` : "; no ion matches a channel of this volume"}
              </p>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function formatSeconds(times: Float64Array): string {
  return times.length === 0 ? "0 s" : `${times[0]}–${times[times.length - 1]} s`;
}

/**
 * A small form that writes one quick line: pick an event type, a time and any data
 * fields, and "guest.seated at 12:00 partySize=4" is appended to the list.
 */
import { useState } from "react";
import { useI18n } from "../../i18n/i18n.js";

export function QuickForm({ eventTypes, onAdd }: { eventTypes: readonly string[]; onAdd(line: string): void }) {
  const { t } = useI18n();
  const [type, setType] = useState("");
  const [time, setTime] = useState("12:00");
  const [data, setData] = useState("");
  const chosen = type || eventTypes[0] || "";
  const add = () => {
    if (!chosen || !/^\d{1,2}:\d{2}(:\d{2})?$/.test(time)) return;
    onAdd(`${chosen} at ${time}${data.trim() ? ` ${data.trim()}` : ""}`);
  };
  return (
    <div className="quick-form row-inputs" data-testid="quick-form">
      {eventTypes.length > 0 ? (
        <select aria-label={t("sim.eventType")} value={chosen} onChange={(e) => setType(e.target.value)}>
          {eventTypes.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
      ) : (
        <input aria-label={t("sim.eventType")} value={type} onChange={(e) => setType(e.target.value)} placeholder="guest.seated" size={16} />
      )}
      <label>
        {t("sim.at")} <input aria-label={t("sim.at")} type="time" step="1" value={time} onChange={(e) => setTime(e.target.value)} />
      </label>
      <input aria-label={t("sim.data")} value={data} onChange={(e) => setData(e.target.value)} placeholder="item=tea" size={12} />
      <button type="button" onClick={add}>
        {t("sim.add")}
      </button>
    </div>
  );
}

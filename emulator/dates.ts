const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** RFC 2822 in UTC, the TeXML REST form: `Fri, 27 Oct 2023 07:41:58 +0000`. */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** ISO 8601 with milliseconds, the `/texml_applications` form. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** ISO 8601 without milliseconds, the form recordings and transcriptions use. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The `YYYY-MM-DD` day of an instant (UTC), for the spec's date filters. */
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * TeXML resources carry RFC 2822 dates (`Fri, 27 Oct 2023 07:41:58 +0000`),
 * applications ISO 8601. Everything this package returns uses ISO 8601 (UTC), so one
 * format reaches outputs and comparisons; an unreadable date is passed through unchanged.
 */
export function toIsoDate(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

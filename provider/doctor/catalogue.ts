/**
 * Every check the doctor can report, with what the package expects. The README's table
 * of guesses links each guess to one of these ids; a check that a run does not reach is
 * still reported (as `undecided`), so every report has the same lines.
 */
export interface CheckDefinition {
  id: string;
  check: string;
  expected: string;
}

const define = <const T extends Record<string, { check: string; expected: string }>>(checks: T) =>
  Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, { id, ...c }])) as { [K in keyof T]: CheckDefinition & { id: K } };

/** Read-only checks: GETs only, on whatever the account holds. */
export const READ_CHECKS = define({
  "read.authentication": { check: "the API key is accepted", expected: "GET /texml_applications answers 200" },
  "read.account-sid": { check: "the account SID serves TeXML REST calls", expected: "GET /texml/Accounts/{sid}/Queues answers 200" },
  "read.list-applications": { check: "one page of /texml_applications parses", expected: "every field known to the package's schema" },
  "read.list-queues": { check: "one page of Queues parses", expected: "every field known to the package's schema" },
  "read.list-calls": { check: "one page of Calls parses", expected: "every field known to the package's schema" },
  "read.list-conferences": { check: "one page of Conferences parses", expected: "every field known to the package's schema" },
  "read.list-participants": {
    check: "one page of a conference's Participants parses",
    expected: "every field known to the package's schema",
  },
  "read.list-recordings": { check: "one page of Recordings.json parses", expected: "every field known to the package's schema" },
  "read.list-transcriptions": { check: "one page of Transcriptions.json parses", expected: "every field known to the package's schema" },
  "read.page-size": {
    check: "TeXML page size: default without PageSize, PageSize=1000 honoured",
    expected: "page_size 20 by default, 1000 when asked",
  },
  "read.page-uris": {
    check: "TeXML page URIs point back to their own listing",
    expected: "relative /v2/texml/… (first/previous absolute in .json listings), each resolving to its listing",
  },
  "read.next-page": { check: "next_page_uri leads to the next items", expected: "with PageSize=1, the next page holds a different item" },
  "read.listing-order": {
    check: "order of listings",
    expected: "applications newest first (created_at), calls newest first (start_time), queues in creation order",
  },
  "read.filter-short": { check: "filter[friendly_name] shorter than 3 characters", expected: "400 with pointer /filter/friendly_name" },
  "read.date-header": { check: "every answer carries a Date header", expected: "a readable Date header on each answer" },
  "read.clock-offset": {
    check: "Telnyx's clock against this machine's",
    expected: "one consistent offset (any size: an ambiguous create is settled by bounds on it)",
  },
});

/** Write checks: the `--write` cycle on objects it creates itself. */
export const WRITE_CHECKS = define({
  "write.app-create": { check: "create a TeXML application", expected: "2xx with the application in the spec's shape" },
  "write.url-echo": {
    check: "URLs are echoed exactly as sent",
    expected: "voice_url and status_callback unchanged in create and GET answers",
  },
  "write.app-nulls": {
    check: "unset nullable fields in application answers",
    expected: "left out (voice_fallback_url absent); null is handled as well",
  },
  "write.app-listed": {
    check: "a new application is listed at once",
    expected: "filter[friendly_name]=<name> lists it right after create",
  },
  "write.filter-match": {
    check: "filter[friendly_name] matching",
    expected: "case-insensitive substring: an upper-case part of the name lists it",
  },
  "write.app-read": { check: "read the application", expected: "GET /texml_applications/{id} answers it, as created" },
  "write.app-update": { check: "update the application (PATCH)", expected: "the new voice_url in the answer" },
  "write.patch-merge": {
    check: "PATCH merges or replaces",
    expected: "merges: a field left out (status_callback) is kept; replacing is handled as well",
  },
  "write.channel-limit-zero": { check: "inbound.channel_limit 0", expected: "refused with 422" },
  "write.app-delete": { check: "delete the application", expected: "2xx" },
  "write.app-deleted-get": { check: "GET of the deleted application", expected: "404" },
  "write.app-second-delete": { check: "DELETE of the deleted application", expected: "404 (the provider treats it as already deleted)" },
  "write.queue-create": { check: "create a queue without MaxSize", expected: "200 with the queue in the spec's shape" },
  "write.queue-sid": {
    check: "a new queue's sid",
    expected: "its name (a generated sid is handled as well, but a lost create answer then cannot be settled)",
  },
  "write.queue-default-max-size": { check: "default MaxSize", expected: "max_size 100" },
  "write.queue-listed": { check: "a new queue is listed at once", expected: "the Queues listing shows it right after create" },
  "write.queue-duplicate-name": { check: "a second queue with the same name", expected: "refused with 422 and pointer /FriendlyName" },
  "write.queue-max-size-bound": { check: "MaxSize above 5000", expected: "refused with 422" },
  "write.queue-update": { check: "update the queue's MaxSize", expected: "max_size 7 in the answer" },
  "write.queue-delete": { check: "delete the queue", expected: "204" },
  "write.queue-deleted-get": { check: "GET of the deleted queue", expected: "404" },
});

export type ReadCheckId = keyof typeof READ_CHECKS;
export type WriteCheckId = keyof typeof WRITE_CHECKS;

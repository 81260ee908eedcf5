import { isoSeconds } from "../dates";
import { texmlNotFound, type ApiRequest } from "../http";
import { texmlPage } from "../paging";
import { requireAccount, route, type RouteContext } from "../router";
import type { TranscriptionRecord } from "../state";

export function renderTranscription(t: TranscriptionRecord) {
  return {
    account_sid: t.accountSid,
    api_version: "2010-04-01",
    call_sid: t.callSid,
    date_created: isoSeconds(t.createdMs),
    date_updated: isoSeconds(t.updatedMs),
    duration: t.durationSeconds === null ? null : String(t.durationSeconds),
    recording_sid: t.recordingSid,
    sid: t.sid,
    status: t.status,
    transcription_text: t.text,
    uri: `/v2/texml/Accounts/${t.accountSid}/Transcriptions/${t.sid}.json`,
  };
}

function find(req: ApiRequest, ctx: RouteContext): TranscriptionRecord {
  const account = requireAccount(req, ctx);
  const transcription = ctx.store.transcriptions.get(req.params.recording_transcription_sid!);
  if (!transcription || transcription.accountSid !== account) throw texmlNotFound();
  return transcription;
}

/** Recording transcriptions: list (PageToken paging only), get, delete. */
export const transcriptionRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Transcriptions.json", "GetTeXMLRecordingTranscriptions", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const items = [...ctx.store.transcriptions.values()].filter((t) => t.accountSid === account).reverse();
    return { status: 200, body: texmlPage(req, "transcriptions", items.map(renderTranscription), ctx.origin) };
  }),
  route(
    "GET",
    "/texml/Accounts/{account_sid}/Transcriptions/{recording_transcription_sid}.json",
    "GetTeXMLRecordingTranscription",
    (req, ctx) => ({ status: 200, body: renderTranscription(find(req, ctx)) }),
  ),
  route(
    "DELETE",
    "/texml/Accounts/{account_sid}/Transcriptions/{recording_transcription_sid}.json",
    "DeleteTeXMLRecordingTranscription",
    (req, ctx) => {
      ctx.store.transcriptions.delete(find(req, ctx).sid);
      ctx.store.touch();
      return { status: 204 };
    },
  ),
];

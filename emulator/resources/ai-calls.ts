import { Fields } from "../fields";
import { invalid } from "../http";
import { route } from "../router";
import { newCall, statusCallback } from "./calls";

/** `POST /texml/ai_calls/{connection_id}`: an outbound call handed to an AI assistant (JSON). */
export const aiCallRoutes = [
  route("POST", "/texml/ai_calls/{connection_id}", "InitiateTexmlAICall", (req, ctx) => {
    const connectionId = req.params.connection_id!;
    if (!ctx.store.applications.has(connectionId))
      throw invalid("/connection_id", "value", `No TeXML application with id '${connectionId}'`);
    const f = new Fields(req.body);
    const from = f.string("From", { required: true })!;
    const to = f.string("To", { required: true })!;
    f.string("AIAssistantId", { required: true });
    const call = newCall(ctx, { from, to, applicationSid: connectionId, statusCallback: f.url("StatusCallback") });
    statusCallback(ctx, call);
    return { status: 200, body: { call_sid: call.sid, from, status: "queued", to } };
  }),
];

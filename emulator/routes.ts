import { aiCallRoutes } from "./resources/ai-calls";
import { callRoutes } from "./resources/calls";
import { conferenceRoutes } from "./resources/conferences";
import { participantRoutes } from "./resources/participants";
import { queueRoutes } from "./resources/queues";
import { recordingRoutes } from "./resources/recordings";
import { secretRoutes } from "./resources/secrets";
import { siprecRoutes } from "./resources/siprec";
import { streamRoutes } from "./resources/streams";
import { applicationRoutes } from "./resources/texml-applications";
import { transcriptionRoutes } from "./resources/transcriptions";
import type { Route } from "./router";

/** Every operation of the TeXML spec the emulator serves, one module per REST resource. */
export const routes: readonly Route[] = [
  ...applicationRoutes,
  ...callRoutes,
  ...recordingRoutes,
  ...siprecRoutes,
  ...streamRoutes,
  ...conferenceRoutes,
  ...participantRoutes,
  ...queueRoutes,
  ...transcriptionRoutes,
  ...secretRoutes,
  ...aiCallRoutes,
];

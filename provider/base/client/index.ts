export {
  TelnyxApiError,
  TelnyxConfigError,
  TelnyxTexmlError,
  type TelnyxTexmlErrorFamily,
  type TelnyxErrorEntry,
  type TelnyxErrorKind,
} from "./errors";
export {
  TelnyxClient,
  closeSharedPool,
  encodeParams,
  type TelnyxClientOptions,
  type TelnyxRequest,
  type TelnyxResponse,
  type HttpMethod,
  type QueryValue,
} from "./http";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export {
  numberedPages,
  texmlPages,
  paginateNumbered,
  paginateTexml,
  relativeToBase,
  NUMBERED_MAX_PAGE_SIZE,
  TEXML_MAX_PAGE_SIZE,
  type PagingOptions,
} from "./paging";
export { clientFor } from "./factory";

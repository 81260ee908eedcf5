/**
 * The provider plugin's configuration operations (`CheckConfig`, `DiffConfig`, `Configure`):
 * the `telnyx-texml:*` settings in and out of the protocol (settings.ts reads them). server.ts
 * loads it on the first of these calls, which a start only to read the schema never makes.
 */
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { setProviderSettings } from "../../base/config";
import { provider as pb } from "./grpc";
import { checkSettings, settingsFrom, SETTING_NAMES } from "./settings";
import { checkFailures, fromStruct, toStruct } from "./values";

export async function checkConfig(request: providerPb.CheckRequest): Promise<providerPb.CheckResponse> {
  const news = fromStruct(request.getNews());
  const failures = checkSettings(settingsFrom(news, new Map()));
  return new pb.CheckResponse().setInputs(toStruct(news)).setFailuresList(checkFailures(failures));
}

/** A change of settings never replaces resources: the same objects are reached with other credentials. */
export async function diffConfig(request: providerPb.DiffRequest): Promise<providerPb.DiffResponse> {
  const olds = fromStruct(request.getOlds());
  const news = fromStruct(request.getNews());
  const changed = SETTING_NAMES.filter((name) => olds[name] !== news[name]);
  return new pb.DiffResponse()
    .setChanges(changed.length ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE)
    .setDiffsList(changed);
}

export async function configure(request: providerPb.ConfigureRequest): Promise<providerPb.ConfigureResponse> {
  const variables = new Map<string, string>();
  request.getVariablesMap().forEach((value, key) => {
    variables.set(key, value);
  });
  setProviderSettings(settingsFrom(fromStruct(request.getArgs()), variables));
  // Plain values in, plain values out: the engine keeps secret what was secret (see values.ts).
  return new pb.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false).setAcceptresources(false).setAcceptoutputs(false);
}

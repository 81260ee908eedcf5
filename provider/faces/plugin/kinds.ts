/**
 * The resource kinds the plugin serves: those of the kinds registry that programs declare,
 * by type token (`telnyx-texml:index:Application`), each with its own provider, so both faces
 * run the same rules (a `Secret`'s delete writes nothing unless `retireOnDelete` is set).
 */
import { kinds, type Kind } from "../../kinds/registry";
import { tokenOf } from "./tokens";

/** The plugin's kinds by type token. */
export const pluginKinds: ReadonlyMap<string, Kind> = new Map(
  kinds.filter((kind) => kind.declaredByPrograms).map((kind) => [tokenOf(kind.definition.kind), kind]),
);

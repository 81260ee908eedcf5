// Preloaded (NODE_OPTIONS=--require) into the plugins only for bench/plugin.bench.ts's CPU
// profiles: the engine ends a plugin with a signal, and Node writes a --cpu-prof profile only
// on a normal exit, so a signal becomes one. Never loaded in the timed rounds.
"use strict";
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));

// Preloaded (`node -r`) into the reference server when profiling: a clean exit on
// SIGTERM, so `--cpu-prof` gets to write its profile.
process.once('SIGTERM', () => process.exit(0));

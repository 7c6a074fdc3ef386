// The lookup tests set process-wide environment variables (PARLEY_ANVIL, PARLEY_TOOLCHAIN, PARLEY_HOME, …): run the
// classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Each suite is six (or twelve) service processes; one at a time keeps a two-core machine from starving them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

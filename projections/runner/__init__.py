"""The projector's machinery, one job a module.

A projector runs, per read model, a ``LiveWorker`` (``live``) that folds new events into
the serving version, and a ``RebuildWatcher`` (``rebuild_watcher``) that builds a
requested new version beside it (``rebuild``). Its ``Coordinator`` (``coordination``)
holds the process's one dedicated connection: the read models' advisory locks (of several
projector processes one is active per read model, the others stand by and take over
within ``standby_poll_s`` when it dies), the LISTEN for the event store's NOTIFY, and the
heartbeats. Workers read events in batches after their tracking position
(``event_source``) and fold each batch in one transaction with the tracking record,
exactly once, on the projector's pool (``folding``). Errors restart a thread with
exponential backoff (``supervision``); an event that fails ``max_attempts`` times is
parked in the dead-letter table and skipped. ``config`` holds the tuning.

eventsourcing's own ``ProjectionRunner`` folds one event per transaction, stops on the
first error and waits by polling; this runner keeps its ``Projection``/view contract but
batches, supervises and fails over.
"""

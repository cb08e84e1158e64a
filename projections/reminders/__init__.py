"""The ``reminders`` read model: reminders still to fire, with the instant each is due."""

"""A background stream of random commands against the write model, for projection tests."""

from __future__ import annotations

import random
import threading
from uuid import UUID

from application.errors import TaskNotFound
from application.tasks import TaskApplication
from tests.integration.projection_support import meta


class CommandStream(threading.Thread):
    """Creates, changes, completes, reopens and deletes tasks of a few users until stopped."""

    def __init__(self, app: TaskApplication, users: list[str], seed: int = 0) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.users = users
        self.random = random.Random(seed)
        self.stop_event = threading.Event()
        self.ids: set[UUID] = set()
        self.position = 0
        self.error: BaseException | None = None
        self.commands = 0

    def run(self) -> None:
        try:
            while not self.stop_event.is_set():
                self.step()
        except BaseException as error:
            self.error = error

    def step(self) -> None:
        """One random command."""
        rnd = self.random
        user = rnd.choice(self.users)
        mine = [i for i in self.ids if i.int % len(self.users) == self.users.index(user)]
        kind = rnd.choice(["create", "create", "update", "complete", "reopen", "delete"])
        if kind == "create" or not mine:
            task_id = self._id_for(user)
            fields = {
                "title": f"task {rnd.randint(0, 999)}",
                "tags": rnd.sample(["home", "Work", "errand", "x"], rnd.randint(0, 2)),
                "priority": rnd.choice(["low", "medium", "high"]),
            }
            result = self.app.create_task(
                owner=user, fields=fields, meta=meta(user), task_id=task_id
            )
            self.ids.add(task_id)
        else:
            task_id = rnd.choice(mine)
            try:
                if kind == "update":
                    result = self.app.update_task(
                        task_id,
                        user_id=user,
                        fields={"title": f"changed {rnd.randint(0, 999)}", "tags": ["home"]},
                        meta=meta(user),
                    )
                elif kind == "complete":
                    result = self.app.complete_task(task_id, user_id=user, meta=meta(user))
                elif kind == "reopen":
                    result = self.app.reopen_task(task_id, user_id=user, meta=meta(user))
                else:
                    result = self.app.delete_task(task_id, user_id=user, meta=meta(user))
            except TaskNotFound:
                return
        self.position = max(self.position, result.position)
        self.commands += 1

    def _id_for(self, user: str) -> UUID:
        index = self.users.index(user)
        while True:
            candidate = UUID(int=self.random.getrandbits(128), version=4)
            if candidate.int % len(self.users) == index:
                return candidate

    def stop(self) -> int:
        """Stop, re-raise any error, and return the last position written."""
        self.stop_event.set()
        self.join()
        if self.error is not None:
            raise self.error
        return self.position

"""The one error an import ends with when the file cannot be read: it names the problem and
where it is, and the command line and the admin show it as it is (never a traceback)."""


class ImportFileError(Exception):
    def __init__(self, problem: str, *, where: str = "") -> None:
        self.problem = problem
        self.where = where
        super().__init__(f"{where}: {problem}" if where else problem)

    @property
    def message(self) -> str:
        return str(self)

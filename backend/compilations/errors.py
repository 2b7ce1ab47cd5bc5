from backend.errors import InvalidInput


class NothingToCompile(InvalidInput):
    code = "nothing_to_compile"


class CompiledFigures(InvalidInput):
    code = "compiled_figures"

from backend.errors import InvalidInput


class NothingToCompile(InvalidInput):
    code = "nothing_to_compile"


class CompiledDataValues(InvalidInput):
    code = "compiled_data_values"

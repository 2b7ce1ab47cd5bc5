"""Request bodies read by hand (streamed imports) still described in the contract."""

from typing import Any


def inline_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema with its $defs written in place: the body is read by hand, not by FastAPI,
    so its models are not among the spec's components."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return dict(resolve(schema))

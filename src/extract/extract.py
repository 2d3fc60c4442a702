"""Print the OpenAPI document of a Python web app, without serving it. Run by holdfast.

Usage: python extract.py TARGET APP_DIR

TARGET is `module:attribute`, where attribute may be dotted (`module:api.app`) and may end with
`()` to call an app factory (`shop.api:create_app()`). APP_DIR is put first on sys.path.

On success: exit 0, and stdout holds the document as sorted JSON (2-space indent, UTF-8, one
trailing newline), byte-identical across runs for the same code. On a failure holdfast can
explain: exit 3, and stdout holds one JSON object {"error": KIND, ...}. Anything the app prints
while it is imported goes to stderr, so it can never corrupt the document.

What the object may be (checked in this order):
- a Mapping: the document itself;
- FastAPI (and anything with an `openapi()` method): `obj.openapi()`;
- django-ninja `NinjaAPI`: `obj.get_openapi_schema()`;
- Litestar: `obj.openapi_schema.to_schema()`;
- APIFlask (`obj.spec`, a dict) and flask-smorest `Api` (`obj.spec.to_dict()`);
- apispec `APISpec`: `obj.to_dict()`; flask-openapi3 `OpenAPI`: `obj.api_doc`;
- a function that can be called without arguments: its result is checked again (so a factory
  works with or without the `()`, and so does a function returning the document).
"""

import collections.abc
import importlib
import inspect
import json
import os
import sys
import traceback

ERROR_EXIT = 3
# A Python 2 interpreter cannot even parse the rest of this file; that is reported by holdfast
# from the SyntaxError on stderr. This check covers Python 3 versions too old for FastAPI.
MINIMUM_VERSION = (3, 7)


class Failure(Exception):
    """A failure holdfast explains to the user; `fields` become the JSON error object."""

    def __init__(self, kind, **fields):
        Exception.__init__(self, kind)
        self.fields = dict(fields, error=kind)


def main(argv, out_fd):
    if sys.version_info < MINIMUM_VERSION:
        raise Failure("python-version", version=version_string())
    if len(argv) != 3:
        raise Failure("usage", found=" ".join(argv[1:]))
    target, app_dir = argv[1], argv[2]
    module_name, attribute_path, call = parse_target(target)
    # The script's own folder must not shadow the user's modules (a module named "extract").
    script_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != script_dir]
    sys.path.insert(0, os.path.abspath(app_dir))
    module = import_module(module_name, app_dir)
    value = resolve_attribute(module, module_name, attribute_path)
    if call:
        value = call_factory(value, target)
    document = document_of(value, target)
    text = json.dumps(plain(document, ""), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    os.write(out_fd, (text + "\n").encode("utf-8"))


def parse_target(target):
    module_name, colon, attribute = target.partition(":")
    call = attribute.endswith("()")
    if call:
        attribute = attribute[:-2]
    parts = attribute.split(".")
    if not colon or not module_name or not all(part.isidentifier() for part in parts):
        raise Failure("target", target=target)
    if not all(part.isidentifier() for part in module_name.split(".")):
        raise Failure("target", target=target)
    return module_name, parts, call


def import_module(module_name, app_dir):
    try:
        return importlib.import_module(module_name)
    except BaseException as error:  # SystemExit and KeyboardInterrupt from app code count too
        fields = exception_fields(error)
        if isinstance(error, ModuleNotFoundError) and error.name:
            fields["missing"] = error.name
            top = error.name.split(".")[0]
            # Missing the app's own package (wrong folder) is not a missing dependency.
            fields["own_module"] = top == module_name.split(".")[0] or os.path.exists(
                os.path.join(app_dir, top)
            ) or os.path.exists(os.path.join(app_dir, top + ".py"))
        raise Failure("import", module=module_name, **fields)


def resolve_attribute(module, module_name, attribute_path):
    value = module
    for index, name in enumerate(attribute_path):
        try:
            value = getattr(value, name)
        except AttributeError:
            owner = module_name + (":" + ".".join(attribute_path[:index]) if index else "")
            raise Failure(
                "attribute",
                module=module_name,
                owner=owner,
                attribute=name,
                candidates=app_candidates(module) if index == 0 else [],
            )
        except BaseException as error:  # a property or module __getattr__ raising
            raise Failure("schema", stage="attribute", **exception_fields(error))
    return value


def app_candidates(module):
    """Module-level names that look like something holdfast can read, to suggest instead."""
    names = []
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or inspect.ismodule(value) or inspect.isclass(value):
            continue
        if is_mapping(value):
            if "openapi" in value or "swagger" in value:
                names.append(name)
        elif reader_of(value) is not None:
            names.append(name)
        elif inspect.isfunction(value) and value.__module__ == module.__name__ and "app" in name.lower():
            names.append(name + "()")
    return names[:10]


def call_factory(factory, target):
    if reader_of(factory) is not None:
        raise Failure("not-a-factory", target=target, found=describe(factory))
    if not callable(factory):
        raise Failure("not-callable", target=target, found=describe(factory))
    try:
        return factory()
    except BaseException as error:
        raise Failure("schema", stage="factory", **exception_fields(error))


def reader_of(value):
    """How to get the document out of `value`: (framework, function) or None."""
    if inspect.isclass(value):
        return None
    if is_mapping(value):
        return "dict", lambda: value
    openapi = getattr_quietly(value, "openapi")
    if callable(openapi) and not inspect.isclass(value):
        return "FastAPI", openapi
    get_schema = getattr_quietly(value, "get_openapi_schema")
    if callable(get_schema):
        return "django-ninja", get_schema
    if type_name(value).startswith("litestar.") and hasattr(value, "openapi_schema"):
        return "Litestar", lambda: value.openapi_schema.to_schema()
    spec = getattr_quietly(value, "spec")
    if spec is not None and type_name(value).startswith(("apiflask.", "flask_smorest.")):
        return "Flask", lambda: spec if is_mapping(spec) else spec.to_dict()
    if type_name(value).startswith("apispec.") and callable(getattr_quietly(value, "to_dict")):
        return "apispec", value.to_dict
    if type_name(value).startswith("flask_openapi3.") and hasattr(value, "api_doc"):
        return "flask-openapi3", lambda: value.api_doc
    return None


def document_of(value, target, depth=0):
    reader = reader_of(value)
    if reader is None:
        if depth == 0 and is_plain_function(value):
            if not callable_without_arguments(value):
                raise Failure("needs-arguments", target=target, found=describe(value))
            try:
                result = value()
            except BaseException as error:
                raise Failure("schema", stage="call", **exception_fields(error))
            return document_of(result, target, depth + 1)
        raise Failure("unsupported", target=target, found=describe(value), called=depth > 0)
    framework, read = reader
    try:
        document = read()
    except BaseException as error:
        raise Failure("schema", stage="openapi", framework=framework, **exception_fields(error))
    if not is_mapping(document):
        raise Failure("not-openapi", target=target, found=describe(document), framework=framework)
    version = document.get("openapi", document.get("swagger"))
    if not isinstance(version, str):
        raise Failure(
            "not-openapi",
            target=target,
            framework=framework,
            found="a mapping with keys " + ", ".join(sorted(str(key) for key in document)[:8]),
        )
    return document


def plain(value, pointer):
    """JSON-ready copy: mappings with string keys, lists; anything else is reported with its place."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Failure("not-json", pointer=pointer or "/", found=repr(value))
        return value
    if is_mapping(value):
        result = {}
        for key, item in value.items():
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise Failure("not-json", pointer=pointer or "/", found="a key of type " + type_name(key))
            result[str(key)] = plain(item, pointer + "/" + str(key).replace("~", "~0").replace("/", "~1"))
        return result
    if isinstance(value, (list, tuple)):
        return [plain(item, pointer + "/" + str(index)) for index, item in enumerate(value)]
    raise Failure("not-json", pointer=pointer or "/", found="a value of type " + type_name(value))


def is_mapping(value):
    return isinstance(value, collections.abc.Mapping)


def is_plain_function(value):
    return inspect.isfunction(value) or inspect.ismethod(value) or inspect.isbuiltin(value) or (
        callable(value) and type_name(value) == "functools.partial"
    )


def callable_without_arguments(value):
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return True
    for parameter in signature.parameters.values():
        if parameter.default is parameter.empty and parameter.kind in (
            parameter.POSITIONAL_ONLY,
            parameter.POSITIONAL_OR_KEYWORD,
            parameter.KEYWORD_ONLY,
        ):
            return False
    return True


def getattr_quietly(value, name):
    try:
        return getattr(value, name, None)
    except Exception:
        return None


def describe(value):
    """How an object is named in messages: `int`, `flask.app.Flask`, `class shop.main.Shop`."""
    if inspect.isclass(value):
        return "class " + qualified_name(value)
    if inspect.isfunction(value) or inspect.ismethod(value):
        return "function " + qualified_name(value)
    if value is None:
        return "None"
    return type_name(value)


def qualified_name(value):
    module = getattr(value, "__module__", "") or ""
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", "?")
    return name if module in ("builtins", "") else module + "." + name


def type_name(value):
    kind = type(value)
    module = getattr(kind, "__module__", "")
    name = getattr(kind, "__qualname__", kind.__name__)
    return name if module in ("builtins", "") else module + "." + name


def exception_fields(error):
    """The exception's type and message, where it was raised, and the last lines of its traceback."""
    # Frames of this script and of the import machinery say nothing about the user's code.
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if os.path.abspath(frame.filename) != os.path.abspath(__file__)
        and "importlib" not in frame.filename
        and not frame.filename.startswith("<frozen ")
    ]
    text = "".join(traceback.format_list(frames) + traceback.format_exception_only(type(error), error))
    where = None
    if isinstance(error, SyntaxError) and error.filename:
        where = {"file": relative(error.filename), "line": error.lineno, "code": (error.text or "").strip()}
    elif frames:
        frame = frames[-1]
        where = {"file": relative(frame.filename), "line": frame.lineno, "code": (frame.line or "").strip()}
    # A SyntaxError's str() repeats the file and line, which `where` already says.
    message = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    return {
        "type": type(error).__name__,
        "message": message,
        "where": where,
        "traceback": text.rstrip("\n").split("\n")[-12:],
    }


def relative(path):
    try:
        relative_path = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative_path.startswith("..") else relative_path


def version_string():
    return ".".join(str(part) for part in sys.version_info[:3])


def run():
    # Whatever the app prints (logging, print, C extensions) must not reach the document: keep a
    # private copy of stdout for the result and point fd 1 at stderr while the app runs.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        main(sys.argv, out_fd)
    except Failure as failure:
        failure.fields.setdefault("python", sys.executable)
        failure.fields.setdefault("version", version_string())
        os.write(out_fd, (json.dumps(failure.fields, sort_keys=True) + "\n").encode("utf-8"))
        sys.stderr.flush()
        os._exit(ERROR_EXIT)
    sys.stderr.flush()
    # Skip interpreter shutdown: an app's atexit hooks or non-daemon threads must not hang us.
    os._exit(0)


if __name__ == "__main__":
    run()

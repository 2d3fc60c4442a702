"""Print the OpenAPI document of a Python web app, without serving it. Run by holdfast.

Usage: python extract.py TARGET APP_DIR [CODE_ROOT]

TARGET is `module:attribute`, where attribute may be dotted (`module:api.app`) and may end with
`()` to call an app factory (`shop.api:create_app()`). APP_DIR is put first on sys.path.

On success: exit 0, and stdout holds the document as sorted JSON (2-space indent, UTF-8, one
trailing newline), byte-identical across runs for the same code. With CODE_ROOT, the document is
followed by a NUL character and the source map: where the app's code defines each part of the
document, as {"pointers": {JSON pointer: [file, line]}}, only files under CODE_ROOT, relative
to it (see `source_map`). JSON text never holds a raw NUL, so the document
before it is exactly what is printed without CODE_ROOT. On a failure holdfast can
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

import ast
import collections.abc
import enum
import importlib
import inspect
import json
import os
import sys
import traceback
import typing

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
    if len(argv) not in (3, 4):
        raise Failure("usage", found=" ".join(argv[1:]))
    target, app_dir = argv[1], argv[2]
    code_root = argv[3] if len(argv) == 4 else None
    module_name, attribute_path, call = parse_target(target)
    # The script's own folder must not shadow the user's modules (a module named "extract").
    script_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != script_dir]
    sys.path.insert(0, os.path.abspath(app_dir))
    module = import_module(module_name, app_dir)
    value = resolve_attribute(module, module_name, attribute_path)
    if call:
        value = call_factory(value, target)
    document, app = document_of(value, target)
    document = plain(document, "")
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    output = text + "\n"
    if code_root is not None:
        output += "\0" + json.dumps(source_map(app, document, code_root), sort_keys=True) + "\n"
    os.write(out_fd, output.encode("utf-8"))


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
    """The document, and the object that produced it (the app, for the source map)."""
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
    return document, value


# --- Source map: where the app's code defines each part of its document -----------------------
#
# Only FastAPI apps (anything whose routes carry FastAPI's `endpoint` and `dependant`) get one.
# Collected from the live objects (routes, their dependants, the Pydantic models they reach) and
# located with `ast` in the files Python imported them from; anything that cannot be placed
# with certainty (models with colliding names, generics, code built at run time) is left out,
# and holdfast then cites the document instead. Never fails the extraction.


def source_map(app, document, code_root):
    try:
        builder = SourceMapBuilder(code_root)
        builder.add_app(app, document)
        return {"pointers": builder.pointers}
    except Exception as error:  # a source map is a bonus: report why there is none, keep the document
        return {"pointers": {}, "error": type(error).__name__ + ": " + str(error)}


PARAMETER_KINDS = (
    ("path_params", "path"),
    ("query_params", "query"),
    ("header_params", "header"),
    ("cookie_params", "cookie"),
)
# Pydantic 2 gives a model used both ways two schemas when they differ (FastAPI >= 0.100).
SCHEMA_SUFFIXES = ("-Input", "-Output")


class SourceMapBuilder:
    def __init__(self, code_root):
        self.root = os.path.realpath(code_root)
        self.pointers = {}
        self.trees = {}
        # FastAPI's model for several body parameters (`Body_<operation id>`): model -> (endpoint,
        # {property name: (function, parameter name)}). It is built at run time, so has no class line.
        self.body_models = {}

    # Pointers -------------------------------------------------------------------------------

    def add(self, pointer, place):
        if place is not None and pointer not in self.pointers:
            self.pointers[pointer] = [place[0], place[1]]

    def add_app(self, app, document):
        routes = getattr_quietly(app, "routes")
        paths = document.get("paths")
        if not isinstance(routes, (list, tuple)) or not is_mapping(paths):
            return
        models = {}
        # Two routes for one path and method: FastAPI's document keeps the later one.
        operations_found = {}
        for route in routes:
            endpoint = getattr_quietly(route, "endpoint")
            dependant = getattr_quietly(route, "dependant")
            path = getattr_quietly(route, "path_format")
            if endpoint is None or dependant is None or not isinstance(path, str):
                continue
            if getattr_quietly(route, "include_in_schema") is False:
                continue
            for field in route_fields(route):
                collect_models(field_types(field), models)
            self.add_body_model(route, endpoint, dependant)
            operations = paths.get(path)
            if not is_mapping(operations):
                continue
            for method in sorted(getattr_quietly(route, "methods") or ()):
                operation = operations.get(method.lower())
                if is_mapping(operation):
                    operations_found[pointer_of("paths", path, method.lower())] = (operation, endpoint, dependant)
        for pointer in sorted(operations_found):
            self.add_operation(pointer, *operations_found[pointer])
        schemas = document.get("components", {}).get("schemas") if is_mapping(document.get("components")) else None
        if is_mapping(schemas):
            self.add_schemas(schemas, models)

    def add_operation(self, pointer, operation, endpoint, dependant):
        self.add(pointer, self.function_place(endpoint))
        parameters = {}
        bodies = []
        for call, name, kind, alias in dependant_parameters(dependant):
            if kind == "body":
                bodies.append((call, name))
            else:
                parameters.setdefault((kind, alias), (call, name))
        for index, parameter in enumerate(operation.get("parameters") or []):
            if not is_mapping(parameter):
                continue
            found = parameters.get((parameter.get("in"), parameter.get("name")))
            if found is not None:
                self.add(pointer + "/parameters/" + str(index), self.parameter_place(*found))
        if len(bodies) == 1 and is_mapping(operation.get("requestBody")):
            self.add(pointer + "/requestBody", self.parameter_place(*bodies[0]))

    def add_body_model(self, route, endpoint, dependant):
        body_model = getattr_quietly(getattr_quietly(route, "body_field"), "type_")
        bodies = [entry for entry in dependant_parameters(dependant) if entry[2] == "body"]
        if not inspect.isclass(body_model) or not body_model.__name__.startswith("Body_") or not bodies:
            return
        self.body_models[body_model] = (endpoint, {alias: (call, name) for call, name, _kind, alias in bodies})

    def add_schemas(self, schemas, models):
        by_name = {}
        for model in models:
            for name in schema_names(model):
                by_name.setdefault(name, []).append(model)
        for name in sorted(schemas):
            schema = schemas[name]
            base_name = name
            for suffix in SCHEMA_SUFFIXES:
                if name.endswith(suffix):
                    base_name = name[: -len(suffix)]
            candidates = by_name.get(base_name, [])
            if len(candidates) != 1 or not is_mapping(schema):
                continue  # unknown or ambiguous: cite the document instead of guessing
            model = candidates[0]
            pointer = pointer_of("components", "schemas", name)
            if model in self.body_models:
                endpoint, parameters = self.body_models[model]
                self.add(pointer, self.function_place(endpoint))
                for property_name in sorted(schema.get("properties") or {}):
                    if property_name in parameters:
                        place = self.parameter_place(*parameters[property_name])
                        self.add(pointer + "/properties/" + escape_pointer(property_name), place)
                continue
            node = self.class_node(model)
            if node is None:
                continue
            self.add(pointer, (node[0], node[1].lineno))
            if is_enum(model):
                self.add_enum_values(pointer, schema, model)
                continue
            properties = schema.get("properties")
            if not is_mapping(properties):
                continue
            fields = model_fields(model)
            for property_name in sorted(properties):
                field_name = fields.get(property_name)
                if field_name is not None:
                    place = self.field_place(model, field_name)
                    self.add(pointer + "/properties/" + escape_pointer(property_name), place)

    def add_enum_values(self, pointer, schema, enum_class):
        values = schema.get("enum")
        if not isinstance(values, list):
            return
        for index, value in enumerate(values):
            for member in enum_class:
                if member.value == value:
                    self.add(pointer + "/enum/" + str(index), self.member_place(enum_class, member.name))
                    break

    # Places -------------------------------------------------------------------------------

    def tree(self, path):
        """(file as cited, parsed module, {name: [function and class nodes]}) for a file under the
        code root, else None. Parsed and indexed once per file."""
        if path is None:
            return None
        real = os.path.realpath(path)
        if real not in self.trees:
            self.trees[real] = None
            inside = real.startswith(self.root + os.sep)
            parts = real.split(os.sep)
            if inside and "site-packages" not in parts and "dist-packages" not in parts and real.endswith(".py"):
                try:
                    with open(real, "rb") as handle:
                        module = ast.parse(handle.read(), real)
                    definitions = {}
                    for node in ast.walk(module):
                        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                            definitions.setdefault(node.name, []).append(node)
                    self.trees[real] = (os.path.relpath(real, self.root).replace(os.sep, "/"), module, definitions)
                except (OSError, SyntaxError, ValueError):
                    pass
        return self.trees[real]

    def function_node(self, function):
        """(file, the `def` of `function`) or None."""
        function = plain_function(function)
        code = getattr(function, "__code__", None)
        if code is None:
            return None
        found = self.tree(code.co_filename)
        if found is None:
            return None
        first = code.co_firstlineno
        for node in found[2].get(getattr(function, "__name__", None), ()):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and first in (first_line(node), node.lineno):
                return found[0], node
        return None

    def function_place(self, function):
        node = self.function_node(function)
        return None if node is None else (node[0], node[1].lineno)

    def parameter_place(self, call, name):
        """The line of parameter `name` of the function (or class) `call`."""
        if inspect.isclass(call):
            call = getattr(call, "__init__", None)
        node = self.function_node(call)
        if node is None:
            return None
        arguments = node[1].args
        for argument in getattr(arguments, "posonlyargs", []) + arguments.args + arguments.kwonlyargs:
            if argument.arg == name:
                return node[0], argument.lineno
        return None

    def class_node(self, model):
        """(file, the `class` statement of `model`) or None."""
        try:
            path = inspect.getsourcefile(model)
        except (TypeError, OSError):
            return None
        found = self.tree(path)
        if found is None:
            return None
        candidates = [node for node in found[2].get(model.__name__, ()) if isinstance(node, ast.ClassDef)]
        first = getattr(model, "__firstlineno__", None)  # Python 3.13+
        if first is not None:
            candidates = [node for node in candidates if first in (node.lineno, first_line(node))]
        elif len(candidates) > 1:
            # Same name twice in one file: the one at module level named by the qualified name.
            top = [node for node in found[1].body if isinstance(node, ast.ClassDef)]
            candidates = [node for node in top if node.name == model.__qualname__][-1:]
        return (found[0], candidates[0]) if len(candidates) == 1 else None

    def field_place(self, model, name):
        """The line declaring field `name`: in the class of the model's MRO that annotates it."""
        for owner in inspect.getmro(model):
            if name in own_annotations(owner):
                return self.member_place(owner, name)
        return None

    def member_place(self, owner, name):
        node = self.class_node(owner)
        if node is None:
            return None
        for statement in node[1].body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                if statement.target.id == name:
                    return node[0], statement.lineno
            elif isinstance(statement, ast.Assign):
                if any(isinstance(target, ast.Name) and target.id == name for target in statement.targets):
                    return node[0], statement.lineno
        return None


def first_line(node):
    return node.decorator_list[0].lineno if node.decorator_list else node.lineno


def plain_function(function):
    """The function behind decorators (functools.wraps), partials and bound methods."""
    seen = 0
    while seen < 20:
        seen += 1
        if getattr(function, "__wrapped__", None) is not None:
            function = function.__wrapped__
        elif type_name(function) == "functools.partial":
            function = function.func
        elif inspect.ismethod(function):
            function = function.__func__
        else:
            break
    return function


def own_annotations(owner):
    get_annotations = getattr(inspect, "get_annotations", None)  # Python 3.10+
    try:
        if get_annotations is not None:
            return get_annotations(owner)
        return owner.__dict__.get("__annotations__", {})
    except Exception:
        return {}


def route_fields(route):
    """The fields of a FastAPI route whose types may be models: body, responses, parameters."""
    fields = [getattr_quietly(route, "body_field"), getattr_quietly(route, "response_field")]
    responses = getattr_quietly(route, "response_fields")
    if is_mapping(responses):
        fields.extend(responses.values())
    for _call, _name, _kind, field in dependant_fields(getattr_quietly(route, "dependant")):
        fields.append(field)
    return [field for field in fields if field is not None]


def dependant_fields(dependant, depth=0):
    """(call, parameter name, kind, field) for every parameter of a dependant and its dependencies."""
    if dependant is None or depth > 50:
        return
    call = getattr_quietly(dependant, "call")
    for attribute, kind in PARAMETER_KINDS + (("body_params", "body"),):
        for field in getattr_quietly(dependant, attribute) or ():
            yield call, getattr_quietly(field, "name"), kind, field
    for child in getattr_quietly(dependant, "dependencies") or ():
        yield from dependant_fields(child, depth + 1)


def dependant_parameters(dependant):
    for call, name, kind, field in dependant_fields(dependant):
        alias = getattr_quietly(field, "alias") or name
        yield call, name, kind, alias


def field_types(field):
    """The annotations a field (Pydantic 1 ModelField, FastAPI's Pydantic 2 ModelField) stands for."""
    types = []
    for attribute in ("outer_type_", "type_", "annotation"):
        value = getattr_quietly(field, attribute)
        if value is not None:
            types.append(value)
    info = getattr_quietly(field, "field_info")
    if info is not None and getattr_quietly(info, "annotation") is not None:
        types.append(info.annotation)
    return types


def collect_models(types, models, depth=0):
    """Every Pydantic model and Enum reachable from `types` (generic arguments, model fields)."""
    if depth > 50:
        return
    for kind in types:
        if inspect.isclass(kind) and (is_model(kind) or is_enum(kind)):
            if kind in models:
                continue
            models[kind] = True
            if is_model(kind):
                collect_models(model_field_types(kind), models, depth + 1)
            continue
        try:
            arguments = typing.get_args(kind)
        except Exception:
            arguments = ()
        collect_models([argument for argument in arguments if argument is not kind], models, depth + 1)


def is_model(kind):
    return isinstance(getattr(kind, "model_fields", None), dict) or isinstance(getattr(kind, "__fields__", None), dict)


def is_enum(kind):
    return inspect.isclass(kind) and issubclass(kind, enum.Enum)


def model_field_objects(model):
    """Field name -> field object: Pydantic 2 `model_fields`, else Pydantic 1 `__fields__`."""
    fields = getattr(model, "model_fields", None)
    if isinstance(fields, dict):
        return fields
    fields = getattr(model, "__fields__", None)
    return fields if isinstance(fields, dict) else {}


def model_field_types(model):
    types = []
    for field in model_field_objects(model).values():
        types.extend(field_types(field))
    return types


def model_fields(model):
    """Property name in the schema (the alias) -> field name."""
    result = {}
    for name, field in model_field_objects(model).items():
        for attribute in ("serialization_alias", "alias"):
            alias = getattr_quietly(field, attribute)
            if isinstance(alias, str) and alias:
                result.setdefault(alias, name)
        result.setdefault(name, name)
    return result


def schema_names(model):
    """Names FastAPI may give the model's schema: its name, or the long one on a collision."""
    module = getattr(model, "__module__", "")
    qualified = getattr(model, "__qualname__", model.__name__)
    return [model.__name__, (module + "__" + qualified).replace(".", "__")]


def pointer_of(*segments):
    return "".join("/" + escape_pointer(str(segment)) for segment in segments)


def escape_pointer(segment):
    return segment.replace("~", "~0").replace("/", "~1")


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

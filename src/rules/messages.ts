/**
 * The words of every finding, keyed by rule id (DESIGN.md §4). Placeholders `{name}` are filled
 * from the finding's arguments; `{where}` names the schema location, `{operation}` the operation.
 */
export interface MessageTemplate {
  /** What changed, with old and new values. */
  message: string;
  /** Why it breaks a client (or why not) and how to ship it compatibly. */
  hint: string;
}

export const messages: Record<string, MessageTemplate> = {
  'request-max-length-increased': {
    message: '{where}: maxLength increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-max-length-decreased': {
    message: '{where}: maxLength decreased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old maxLength and enforce the new one only for new clients (a new field or API version).',
  },
  'response-max-length-increased': {
    message: '{where}: maxLength increased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old maxLength may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'response-max-length-decreased': {
    message: '{where}: maxLength decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-min-length-increased': {
    message: '{where}: minLength increased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old minLength and enforce the new one only for new clients (a new field or API version).',
  },
  'request-min-length-decreased': {
    message: '{where}: minLength decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-length-increased': {
    message: '{where}: minLength increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-length-decreased': {
    message: '{where}: minLength decreased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old minLength may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'request-max-items-increased': {
    message: '{where}: maxItems increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-max-items-decreased': {
    message: '{where}: maxItems decreased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old maxItems and enforce the new one only for new clients (a new field or API version).',
  },
  'response-max-items-increased': {
    message: '{where}: maxItems increased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old maxItems may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'response-max-items-decreased': {
    message: '{where}: maxItems decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-min-items-increased': {
    message: '{where}: minItems increased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old minItems and enforce the new one only for new clients (a new field or API version).',
  },
  'request-min-items-decreased': {
    message: '{where}: minItems decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-items-increased': {
    message: '{where}: minItems increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-items-decreased': {
    message: '{where}: minItems decreased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old minItems may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'request-max-properties-increased': {
    message: '{where}: maxProperties increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-max-properties-decreased': {
    message: '{where}: maxProperties decreased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old maxProperties and enforce the new one only for new clients (a new field or API version).',
  },
  'response-max-properties-increased': {
    message: '{where}: maxProperties increased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old maxProperties may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'response-max-properties-decreased': {
    message: '{where}: maxProperties decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-min-properties-increased': {
    message: '{where}: minProperties increased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old minProperties and enforce the new one only for new clients (a new field or API version).',
  },
  'request-min-properties-decreased': {
    message: '{where}: minProperties decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-properties-increased': {
    message: '{where}: minProperties increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-properties-decreased': {
    message: '{where}: minProperties decreased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old minProperties may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'request-max-contains-increased': {
    message: '{where}: maxContains increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-max-contains-decreased': {
    message: '{where}: maxContains decreased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old maxContains and enforce the new one only for new clients (a new field or API version).',
  },
  'response-max-contains-increased': {
    message: '{where}: maxContains increased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old maxContains may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'response-max-contains-decreased': {
    message: '{where}: maxContains decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-min-contains-increased': {
    message: '{where}: minContains increased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old minContains and enforce the new one only for new clients (a new field or API version).',
  },
  'request-min-contains-decreased': {
    message: '{where}: minContains decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-contains-increased': {
    message: '{where}: minContains increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-min-contains-decreased': {
    message: '{where}: minContains decreased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old minContains may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'request-maximum-increased': {
    message: '{where}: maximum increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-maximum-decreased': {
    message: '{where}: maximum decreased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old maximum and enforce the new one only for new clients (a new field or API version).',
  },
  'response-maximum-increased': {
    message: '{where}: maximum increased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old maximum may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'response-maximum-decreased': {
    message: '{where}: maximum decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'request-minimum-increased': {
    message: '{where}: minimum increased from {from} to {to}',
    hint: 'Values clients sent before are now rejected. Keep the old minimum and enforce the new one only for new clients (a new field or API version).',
  },
  'request-minimum-decreased': {
    message: '{where}: minimum decreased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-minimum-increased': {
    message: '{where}: minimum increased from {from} to {to}',
    hint: 'Compatible: the change is on the safe side for clients.',
  },
  'response-minimum-decreased': {
    message: '{where}: minimum decreased from {from} to {to}',
    hint: 'Clients that validate or size buffers by the old minimum may fail on the new values. Keep the old bound in responses, or announce it and add a new field.',
  },
  'request-type-changed': {
    message: '{where}: type changed from {from} to {to}',
    hint: 'Clients sending the old type are rejected. Accept both types (a union), or add a new field with the new type.',
  },
  'request-type-widened': {
    message: '{where}: type widened from {from} to {to}',
    hint: 'Compatible: clients may keep sending the old type.',
  },
  'response-type-changed': {
    message: '{where}: type changed from {from} to {to}',
    hint: 'Clients parse the old type and fail on the new one (integer -> number breaks integer parsers). Return the old type, or add a new field.',
  },
  'response-type-narrowed': {
    message: '{where}: type narrowed from {from} to {to}',
    hint: 'Compatible: every value returned still has a type clients expect.',
  },
  'request-nullable-removed': {
    message: '{where}: null is no longer accepted',
    hint: 'Clients that send null are rejected. Keep accepting null (treat it as absent) instead.',
  },
  'request-nullable-added': {
    message: '{where}: null is now accepted',
    hint: 'Compatible.',
  },
  'response-nullable-added': {
    message: '{where}: may now be null',
    hint: 'Clients that read this value without a null check crash. Keep it non-null (use a default or omit-when-empty in a new field).',
  },
  'response-property-null-documented': {
    message:
      '{where}: property `{name}` may now be null; the base was written by Pydantic 1, which cannot write null, so the service may have returned null already',
    hint: 'Check whether the field was `Optional` in the Pydantic 1 model: if so, clients already received null and nothing changed; if not, clients that read it unconditionally fail on null.',
  },
  'response-optional-property-nullable-added': {
    message: '{where}: optional property may now be null',
    hint: 'Clients already handle this property being absent; strictly typed clients that tell null from absent (a TypeScript `field?: string`) may still fail. Pydantic 1 documents `Optional[X] = None` without null although the API returns it, so after a Pydantic 2 upgrade this is usually only the document catching up.',
  },
  'response-nullable-removed': {
    message: '{where}: is no longer null',
    hint: 'Compatible.',
  },
  'request-extensible-enum-value-removed': {
    message: '{where}: extensible enum value {value} is no longer listed',
    hint: 'The enum is open, so no validator rejects it, but the server no longer says it takes it: clients sending it may lose what they asked for. Keep handling it, and keep it listed until clients have moved.',
  },
  'response-extensible-enum-value-added': {
    message: '{where}: may now return extensible enum value {value}',
    hint: 'Compatible: the enum is open (x-extensible-enum), so clients already handle values they do not know.',
  },
  'request-enum-value-removed': {
    message: '{where}: enum value {value} is no longer accepted',
    hint: 'Clients sending this value are rejected. Keep accepting it (map it to its replacement on the server) and mark it deprecated in the description.',
  },
  'request-enum-value-added': {
    message: '{where}: enum value {value} added',
    hint: 'Compatible.',
  },
  'response-enum-value-added': {
    message: '{where}: may now return enum value {value}',
    hint: 'Clients that switch exhaustively over this enum (generated TypeScript unions, Swift/Kotlin enums) fail on the new value. Announce it, and make sure clients have a fallback branch.',
  },
  'response-enum-values-replaced': {
    message: '{where}: now returns {to} instead of {from}',
    hint: 'Every client that compares this value with what it used to be takes the wrong branch. Keep returning the old value, and add the new one in a new field or version.',
  },
  'response-enum-value-removed': {
    message: '{where}: no longer returns enum value {value}',
    hint: 'Compatible: clients simply stop seeing it.',
  },
  'request-enum-added': {
    message: '{where}: now only accepts {value}',
    hint: 'Clients sending any other value are rejected. Validate softly first, or restrict a new field instead.',
  },
  'request-enum-removed': {
    message: '{where}: no longer restricted to {value}',
    hint: 'Compatible.',
  },
  'response-enum-removed': {
    message: '{where}: no longer restricted to {value}',
    hint: 'Clients that treat this as a closed set may fail on new values. Keep the enum, or announce the change.',
  },
  'response-enum-added': {
    message: '{where}: now restricted to {value}',
    hint: 'Compatible.',
  },
  'request-format-changed': {
    message: '{where}: format changed from {from} to {to}',
    hint: 'Values valid in the old format are rejected. Accept both formats, or add a new field.',
  },
  'request-format-added': {
    message: '{where}: now requires format {to}',
    hint: 'Values clients sent before may not match the new format and are rejected. Validate the format only on a new field.',
  },
  'request-format-widened': {
    message: '{where}: format relaxed from {from} to {to}',
    hint: 'Compatible.',
  },
  'response-format-changed': {
    message: '{where}: format changed from {from} to {to}',
    hint: 'Clients parse the old format (dates, UUIDs, int32) and fail on the new one. Keep the old format, or add a new field.',
  },
  'response-format-removed': {
    message: '{where}: format {from} no longer promised',
    hint: 'Clients that parse the value by its format may fail if values change. Keep the format if the values still follow it.',
  },
  'response-format-narrowed': {
    message: '{where}: format now {to} (was {from})',
    hint: 'Compatible.',
  },
  'request-pattern-added': {
    message: '{where}: values must now match pattern {to}',
    hint: 'Values clients sent before may be rejected. Apply the pattern to a new field, or validate softly first.',
  },
  'request-pattern-changed': {
    message: '{where}: pattern changed from {from} to {to}',
    hint: 'holdfast cannot decide whether every value matching the old pattern matches the new one; check that the new pattern accepts all old values.',
  },
  'request-pattern-removed': {
    message: '{where}: pattern {from} removed',
    hint: 'Compatible.',
  },
  'response-pattern-removed': {
    message: '{where}: pattern {from} no longer promised',
    hint: 'Clients relying on the pattern may get values that do not match it. Keep the pattern if values still follow it.',
  },
  'response-pattern-changed': {
    message: '{where}: pattern changed from {from} to {to}',
    hint: 'holdfast cannot decide whether every value matching the new pattern matches the old one; check that clients accept the new values.',
  },
  'response-pattern-added': {
    message: '{where}: values now match pattern {to}',
    hint: 'Compatible.',
  },
  'request-multiple-of-changed': {
    message: '{where}: multipleOf changed from {from} to {to}',
    hint: 'Numbers clients sent before are rejected. Keep a multipleOf that divides the old one.',
  },
  'response-multiple-of-changed': {
    message: '{where}: multipleOf changed from {from} to {to}',
    hint: 'Clients relying on the old step may get values off it.',
  },
  'request-unique-items-added': {
    message: '{where}: items must now be unique',
    hint: 'Arrays with duplicates that clients sent before are rejected. De-duplicate on the server instead.',
  },
  'response-unique-items-removed': {
    message: '{where}: items are no longer guaranteed unique',
    hint: 'Clients that store the items in a set or key by them may misbehave.',
  },
  'request-additional-properties-restricted': {
    message: '{where}: additional properties are now {to} (were {from})',
    hint: 'Clients sending extra fields are rejected. Ignore unknown fields instead of rejecting them.',
  },
  'response-additional-properties-allowed': {
    message: '{where}: additional properties are now {to} (were {from})',
    hint: 'Strict clients that reject unknown fields fail. Most clients ignore them; check yours.',
  },
  'request-unevaluated-items-restricted': {
    message: '{where}: items beyond the listed ones are no longer accepted',
    hint: 'Clients sending longer arrays are rejected.',
  },
  'response-unevaluated-items-allowed': {
    message: '{where}: may now contain items beyond the listed ones',
    hint: 'Clients that read a fixed-length tuple may fail.',
  },
  'request-required-property-added': {
    message: '{where}: new required property `{name}`',
    hint: 'Clients that do not send it yet are rejected. Add it as optional with a server-side default, and make it required in a later version.',
  },
  'request-optional-property-added': {
    message: '{where}: new optional property `{name}`',
    hint: 'Compatible.',
  },
  'request-property-became-required': {
    message: '{where}: property `{name}` is now required',
    hint: 'Clients that omit it are rejected. Keep it optional with a server-side default.',
  },
  'request-property-became-optional': {
    message: '{where}: property `{name}` is no longer required',
    hint: 'Compatible.',
  },
  'request-property-removed-before-sunset': {
    message: '{where}: property `{name}` removed before its sunset date {sunset}',
    hint: 'Clients were promised they could send it until {sunset}. Keep accepting it until then.',
  },
  'request-property-removed': {
    message: '{where}: property `{name}` removed',
    hint: 'Clients still send it: the server now ignores it (or rejects it if unknown fields are refused), so what they meant is lost. Keep accepting it until clients have moved.',
  },
  'response-required-property-removed': {
    message: '{where}: property `{name}` is no longer returned',
    hint: 'Clients that read it get undefined and fail. Keep returning it (deprecate it first), and remove it in a new API version.',
  },
  'response-optional-property-removed': {
    message: '{where}: optional property `{name}` is no longer returned',
    hint: 'Clients that use it whenever present lose the data. Deprecate it first and keep returning it for a while.',
  },
  'response-property-became-optional': {
    message: '{where}: property `{name}` is no longer always returned',
    hint: 'Clients that read it unconditionally fail when it is missing. Keep it required (return a default), or add a new optional field.',
  },
  'response-property-became-required': {
    message: '{where}: property `{name}` is now always returned',
    hint: 'Compatible.',
  },
  'response-property-added': {
    message: '{where}: new property `{name}`',
    hint: 'Compatible for clients that ignore unknown fields.',
  },
  'request-property-became-read-only': {
    message: '{where}: property `{name}` is now read-only',
    hint: 'Clients still send it; the server will ignore or reject it. Keep accepting it until clients have moved.',
  },
  'response-property-became-write-only': {
    message: '{where}: property `{name}` is now write-only and no longer returned',
    hint: 'Clients that read it get undefined. Keep returning it.',
  },
  'request-default-changed': {
    message: '{where}: default changed from {from} to {to}',
    hint: 'Clients that omit the value silently get different behaviour. Keep the old default, or make the new behaviour opt-in.',
  },
  'request-variant-removed': {
    message: '{where}: variant `{variant}` is no longer accepted',
    hint: 'Clients sending that shape are rejected. Keep accepting it until clients have moved.',
  },
  'request-variant-added': {
    message: '{where}: variant `{variant}` is now accepted',
    hint: 'Compatible.',
  },
  'request-variant-overlap-added': {
    message: '{where}: a value can now match both variant `{first}` and variant `{second}` of oneOf, which rejects it',
    hint: 'oneOf accepts a value only when exactly one variant matches, so values clients sent before that match both are now rejected. Make the variants exclusive (a distinct `const` per variant, disjoint required properties, `additionalProperties: false`), or use anyOf.',
  },
  'response-variant-added': {
    message: '{where}: may now return variant `{variant}`',
    hint: 'Clients that handle only the known shapes fail on the new one (generated unions, exhaustive matches). Return it only to clients that ask for it, or in a new field.',
  },
  'response-variant-removed': {
    message: '{where}: no longer returns variant `{variant}`',
    hint: 'Compatible.',
  },
  'request-discriminator-property-changed': {
    message: '{where}: discriminator property changed from `{from}` to `{to}`',
    hint: 'Clients tag their payloads with the old property and are no longer understood. Keep the old discriminator.',
  },
  'response-discriminator-property-changed': {
    message: '{where}: discriminator property changed from `{from}` to `{to}`',
    hint: 'Clients dispatch on the old property and cannot tell the variants apart. Keep the old discriminator.',
  },
  'request-discriminator-value-removed': {
    message: '{where}: discriminator value `{value}` is no longer accepted',
    hint: 'Clients sending that variant are rejected. Keep its mapping.',
  },
  'response-discriminator-value-added': {
    message: '{where}: may now return discriminator value `{value}`',
    hint: 'Clients with an exhaustive switch over the discriminator fail on the new value.',
  },
  'request-contains-added': {
    message: '{where}: arrays must now contain a matching item',
    hint: 'Arrays clients sent before may be rejected.',
  },
  'response-contains-removed': {
    message: '{where}: arrays no longer guaranteed to contain a matching item',
    hint: 'Clients looking for that item may not find it.',
  },
  'request-property-names-added': {
    message: '{where}: property names are now restricted',
    hint: 'Objects with other keys are rejected.',
  },
  'response-property-names-removed': {
    message: '{where}: property names are no longer restricted',
    hint: 'Clients relying on the key format may fail.',
  },
  'request-pattern-properties-added': {
    message: '{where}: properties matching `{key}` are now constrained',
    hint: 'Objects clients sent before may be rejected.',
  },
  'response-pattern-properties-removed': {
    message: '{where}: properties matching `{key}` are no longer constrained',
    hint: 'Clients relying on those values may get others.',
  },
  'request-dependent-schema-added': {
    message: '{where}: when `{key}` is present, the object must now match an extra schema',
    hint: 'Objects clients sent before may be rejected.',
  },
  'response-dependent-schema-removed': {
    message: '{where}: when `{key}` is present, the extra schema is no longer guaranteed',
    hint: 'Clients relying on it may get other values.',
  },
  'request-dependent-required-added': {
    message: '{where}: when `{key}` is sent, {names} must now be sent too',
    hint: 'Clients that send it alone are rejected.',
  },
  'response-dependent-required-removed': {
    message: '{where}: when `{key}` is present, {names} may now be missing',
    hint: 'Clients that read one whenever the other is present now fail when it is missing. Keep the dependency, or return both.',
  },
  'request-conditional-added': {
    message: '{where}: a conditional schema (if/then/else) now constrains what is accepted',
    hint: 'Values that meet the `if` and not the `then` (or miss it and fail the `else`) were accepted and are now rejected. Enforce the condition on a new field, or validate softly first.',
  },
  'response-conditional-removed': {
    message: '{where}: the conditional schema (if/then/else) no longer constrains what is returned',
    hint: 'Clients relying on the condition (a field present whenever another has some value) may get values it excluded. Keep the conditional, or document the change for clients first.',
  },
  'request-not-added': {
    message: '{where}: values matching the new `not` schema are now rejected',
    hint: 'Clients sending such values were accepted and are now rejected. Exclude them on a new field, or validate softly first.',
  },
  'response-not-removed': {
    message: '{where}: values the `not` schema excluded may now be returned',
    hint: 'Clients relying on the exclusion may get a value they do not handle. Keep excluding it, or return it only in a new field.',
  },
  'request-conditional-changed': {
    message: '{where}: conditional schema (if/then/else) changed',
    hint: 'holdfast cannot decide whether the new condition accepts the same values; check it by hand.',
  },
  'request-not-changed': {
    message: '{where}: `not` schema changed',
    hint: 'holdfast cannot decide whether the new exclusion rejects the same values; check it by hand.',
  },
  'response-conditional-changed': {
    message: '{where}: conditional schema (if/then/else) changed',
    hint: 'holdfast cannot decide whether the new condition accepts the same values; check it by hand.',
  },
  'response-not-changed': {
    message: '{where}: `not` schema changed',
    hint: 'holdfast cannot decide whether the new exclusion rejects the same values; check it by hand.',
  },
  'request-content-media-type-changed': {
    message: '{where}: contentMediaType changed from {from} to {to}',
    hint: 'Clients encode the content in the old media type.',
  },
  'response-content-media-type-changed': {
    message: '{where}: contentMediaType changed from {from} to {to}',
    hint: 'Clients decode the content as the old media type.',
  },
  'request-content-encoding-changed': {
    message: '{where}: contentEncoding changed from {from} to {to}',
    hint: 'Clients encode the content the old way (base64, ...).',
  },
  'response-content-encoding-changed': {
    message: '{where}: contentEncoding changed from {from} to {to}',
    hint: 'Clients decode the content the old way.',
  },
  'api-operation-removed': {
    message: '{operation} removed',
    hint: 'Clients calling it get 404/405. Deprecate it first (`deprecated: true`, `x-sunset`), keep it until the sunset date, then remove it.',
  },
  'api-operation-removed-before-sunset': {
    message: '{operation} removed before its sunset date {sunset}',
    hint: 'Clients were promised it until {sunset}. Keep it until then.',
  },
  'api-deprecated-operation-removed': {
    message: '{operation} (deprecated) removed',
    hint: 'Clients that have not migrated yet get 404/405. Check the usage of the operation before removing it.',
  },
  'api-operation-added': {
    message: '{operation} added',
    hint: 'Compatible.',
  },
  'api-operation-deprecated': {
    message: '{operation} is now deprecated',
    hint: 'Tell clients what to use instead and when it will be removed (`x-sunset`).',
  },
  'api-operation-reactivated': {
    message: '{operation} is no longer deprecated',
    hint: 'Compatible.',
  },
  'api-sunset-date-brought-forward': {
    message: '{operation}: sunset date moved from {from} to {to}',
    hint: 'Clients planned their migration for the old date. Keep the old date, or tell them.',
  },
  'api-operation-id-changed': {
    message: '{operation}: operationId changed from `{from}` to `{to}`',
    hint: 'Generated clients name their methods after the operationId; their code stops compiling after regeneration. Keep the old operationId (FastAPI: set `operation_id=` on the route).',
  },
  'api-operation-id-removed': {
    message: '{operation}: operationId `{from}` removed',
    hint: 'Generated clients lose the method name they used. Keep the operationId.',
  },
  'request-parameter-removed-before-sunset': {
    message: '{operation}: {in} parameter `{name}` removed before its sunset date {sunset}',
    hint: 'Clients were promised they could send it until {sunset}. Keep accepting it until then.',
  },
  'request-parameter-removed': {
    message: '{operation}: {in} parameter `{name}` removed',
    hint: 'Clients still send it and the server now ignores it, so what they asked for is lost. Keep accepting it until clients have moved.',
  },
  'request-required-parameter-added': {
    message: '{operation}: new required {in} parameter `{name}`',
    hint: 'Clients that do not send it are rejected. Add it as optional with a default.',
  },
  'request-optional-parameter-added': {
    message: '{operation}: new optional {in} parameter `{name}`',
    hint: 'Compatible.',
  },
  'request-parameter-became-required': {
    message: '{operation}: {in} parameter `{name}` is now required',
    hint: 'Clients that omit it are rejected. Keep it optional with a default.',
  },
  'request-parameter-became-optional': {
    message: '{operation}: {in} parameter `{name}` is now optional',
    hint: 'Compatible.',
  },
  'request-parameter-style-changed': {
    message: '{operation}: {in} parameter `{name}` serialization changed from {from} to {to}',
    hint: 'Clients serialize it the old way (e.g. `a,b` vs `a=1&a=2`) and the server misreads it. Keep the old style/explode.',
  },
  'request-parameter-deprecated': {
    message: '{operation}: {in} parameter `{name}` is now deprecated',
    hint: 'Tell clients what to use instead.',
  },
  'request-body-added-required': {
    message: '{operation}: a request body is now required',
    hint: 'Clients that send no body are rejected. Make the body optional.',
  },
  'request-body-added-optional': {
    message: '{operation}: an optional request body is now accepted',
    hint: 'Compatible.',
  },
  'request-body-removed': {
    message: '{operation}: the request body is no longer read',
    hint: 'Clients still send it and the server ignores what it says. Keep reading it until clients have moved.',
  },
  'request-body-became-required': {
    message: '{operation}: the request body is now required',
    hint: 'Clients that send no body are rejected. Keep it optional.',
  },
  'request-body-became-optional': {
    message: '{operation}: the request body is now optional',
    hint: 'Compatible.',
  },
  'request-media-type-removed': {
    message: '{operation}: request body media type `{mediaType}` is no longer accepted',
    hint: 'Clients sending it get 415 Unsupported Media Type. Keep accepting it.',
  },
  'request-media-type-added': {
    message: '{operation}: request body media type `{mediaType}` is now accepted',
    hint: 'Compatible.',
  },
  'response-success-status-removed': {
    message: '{operation}: success response {status} removed',
    hint: 'Clients check for this status (and parse its body). Keep returning it, or add the new status only for new clients.',
  },
  'response-non-success-status-removed': {
    message: '{operation}: response {status} no longer documented',
    hint: 'Compatible: clients see fewer errors.',
  },
  'response-success-status-added': {
    message: '{operation}: may now answer with success status {status}',
    hint: 'Clients that check for the old success status only (`== 200`) treat the new one as a failure.',
  },
  'response-non-success-status-added': {
    message: '{operation}: may now answer with status {status}',
    hint: 'Clients handle unexpected errors generically; document how to handle this one.',
  },
  'response-media-type-removed': {
    message: '{operation}: response {status} no longer returns `{mediaType}`',
    hint: 'Clients that ask for or parse that media type fail. Keep returning it.',
  },
  'response-media-type-added': {
    message: '{operation}: response {status} may now return `{mediaType}`',
    hint: 'Compatible for clients that send an Accept header.',
  },
  'response-media-type-changed': {
    message: '{operation}: response {status} now returns `{to}` instead of `{from}`',
    hint: 'JSON parsers read both, but clients that check Content-Type exactly or send `Accept: {from}` may fail. Keep serving the old media type to clients that ask for it.',
  },
  'response-required-header-removed': {
    message: '{operation}: response {status} no longer returns header `{name}`',
    hint: 'Clients that read it (pagination links, rate limits, ETags) fail. Keep returning it.',
  },
  'response-optional-header-removed': {
    message: '{operation}: response {status} no longer documents header `{name}`',
    hint: 'Clients that use it when present lose it. Keep returning it.',
  },
  'response-header-became-optional': {
    message: '{operation}: response {status} header `{name}` is no longer always returned',
    hint: 'Clients that read it unconditionally fail. Keep it required.',
  },
  'response-header-added': {
    message: '{operation}: response {status} now returns header `{name}`',
    hint: 'Compatible.',
  },
  'api-security-requirement-added': {
    message: '{operation}: clients authenticating with {from} are no longer accepted (now: {to})',
    hint: 'Clients without the new credentials get 401/403. Accept the old credentials as an alternative until clients have moved.',
  },
  'api-security-scope-added': {
    message: '{operation}: clients with {from} now also need other scopes (now: {to})',
    hint: 'Tokens issued with the old scopes are refused with 403. Keep the old scopes sufficient.',
  },
  'api-security-requirement-removed': {
    message: '{operation}: now also accepts {to}',
    hint: 'Compatible.',
  },
  'api-security-scheme-changed': {
    message: 'security scheme `{name}` changed from {from} to {to}',
    hint: 'Clients send credentials the old way and get 401. Add a new scheme and accept both.',
  },
  'api-base-path-changed': {
    message: 'base path changed from `{from}` to `{to}`',
    hint: 'Every client URL changes. Serve both base paths (a redirect or an alias mount) until clients have moved.',
  },
  'api-server-removed': {
    message: 'server `{url}` removed',
    hint: 'Clients configured with this server URL can no longer reach the API there.',
  },
  'api-server-added': {
    message: 'server `{url}` added',
    hint: 'Compatible.',
  },
};

/**
 * The rule catalog: every rule, in the order docs/rules.md lists them.
 * Add a rule: create `<id>.ts`, import it here, add its message in messages.ts, run `npm run docs:rules`.
 */

import apiBasePathChanged from './api-base-path-changed.js';
import apiDeprecatedOperationRemoved from './api-deprecated-operation-removed.js';
import apiOperationAdded from './api-operation-added.js';
import apiOperationDeprecated from './api-operation-deprecated.js';
import apiOperationIdChanged from './api-operation-id-changed.js';
import apiOperationIdRemoved from './api-operation-id-removed.js';
import apiOperationReactivated from './api-operation-reactivated.js';
import apiOperationRemoved from './api-operation-removed.js';
import apiOperationRemovedBeforeSunset from './api-operation-removed-before-sunset.js';
import apiSecurityRequirementAdded from './api-security-requirement-added.js';
import apiSecurityRequirementRemoved from './api-security-requirement-removed.js';
import apiSecuritySchemeChanged from './api-security-scheme-changed.js';
import apiSecurityScopeAdded from './api-security-scope-added.js';
import apiServerAdded from './api-server-added.js';
import apiServerRemoved from './api-server-removed.js';
import apiSunsetDateBroughtForward from './api-sunset-date-brought-forward.js';
import type { Rule } from './define.js';
import requestAdditionalPropertiesRestricted from './request-additional-properties-restricted.js';
import requestBodyAddedOptional from './request-body-added-optional.js';
import requestBodyAddedRequired from './request-body-added-required.js';
import requestBodyBecameOptional from './request-body-became-optional.js';
import requestBodyBecameRequired from './request-body-became-required.js';
import requestBodyRemoved from './request-body-removed.js';
import requestConditionalAdded from './request-conditional-added.js';
import requestConditionalChanged from './request-conditional-changed.js';
import requestContainsAdded from './request-contains-added.js';
import requestContentEncodingChanged from './request-content-encoding-changed.js';
import requestContentMediaTypeChanged from './request-content-media-type-changed.js';
import requestDefaultChanged from './request-default-changed.js';
import requestDependentRequiredAdded from './request-dependent-required-added.js';
import requestDependentSchemaAdded from './request-dependent-schema-added.js';
import requestDiscriminatorPropertyChanged from './request-discriminator-property-changed.js';
import requestDiscriminatorValueRemoved from './request-discriminator-value-removed.js';
import requestEnumAdded from './request-enum-added.js';
import requestEnumRemoved from './request-enum-removed.js';
import requestEnumValueAdded from './request-enum-value-added.js';
import requestEnumValueRemoved from './request-enum-value-removed.js';
import requestExtensibleEnumValueRemoved from './request-extensible-enum-value-removed.js';
import requestFormatAdded from './request-format-added.js';
import requestFormatChanged from './request-format-changed.js';
import requestFormatWidened from './request-format-widened.js';
import requestMaxContainsDecreased from './request-max-contains-decreased.js';
import requestMaxContainsIncreased from './request-max-contains-increased.js';
import requestMaxItemsDecreased from './request-max-items-decreased.js';
import requestMaxItemsIncreased from './request-max-items-increased.js';
import requestMaxLengthDecreased from './request-max-length-decreased.js';
import requestMaxLengthIncreased from './request-max-length-increased.js';
import requestMaxPropertiesDecreased from './request-max-properties-decreased.js';
import requestMaxPropertiesIncreased from './request-max-properties-increased.js';
import requestMaximumDecreased from './request-maximum-decreased.js';
import requestMaximumIncreased from './request-maximum-increased.js';
import requestMediaTypeAdded from './request-media-type-added.js';
import requestMediaTypeRemoved from './request-media-type-removed.js';
import requestMinContainsDecreased from './request-min-contains-decreased.js';
import requestMinContainsIncreased from './request-min-contains-increased.js';
import requestMinItemsDecreased from './request-min-items-decreased.js';
import requestMinItemsIncreased from './request-min-items-increased.js';
import requestMinLengthDecreased from './request-min-length-decreased.js';
import requestMinLengthIncreased from './request-min-length-increased.js';
import requestMinPropertiesDecreased from './request-min-properties-decreased.js';
import requestMinPropertiesIncreased from './request-min-properties-increased.js';
import requestMinimumDecreased from './request-minimum-decreased.js';
import requestMinimumIncreased from './request-minimum-increased.js';
import requestMultipleOfChanged from './request-multiple-of-changed.js';
import requestNotAdded from './request-not-added.js';
import requestNotChanged from './request-not-changed.js';
import requestNullableAdded from './request-nullable-added.js';
import requestNullableRemoved from './request-nullable-removed.js';
import requestOptionalParameterAdded from './request-optional-parameter-added.js';
import requestOptionalPropertyAdded from './request-optional-property-added.js';
import requestParameterBecameOptional from './request-parameter-became-optional.js';
import requestParameterBecameRequired from './request-parameter-became-required.js';
import requestParameterDeprecated from './request-parameter-deprecated.js';
import requestParameterRemoved from './request-parameter-removed.js';
import requestParameterRemovedBeforeSunset from './request-parameter-removed-before-sunset.js';
import requestParameterStyleChanged from './request-parameter-style-changed.js';
import requestPatternAdded from './request-pattern-added.js';
import requestPatternChanged from './request-pattern-changed.js';
import requestPatternPropertiesAdded from './request-pattern-properties-added.js';
import requestPatternRemoved from './request-pattern-removed.js';
import requestPropertyBecameOptional from './request-property-became-optional.js';
import requestPropertyBecameReadOnly from './request-property-became-read-only.js';
import requestPropertyBecameRequired from './request-property-became-required.js';
import requestPropertyNamesAdded from './request-property-names-added.js';
import requestPropertyRemoved from './request-property-removed.js';
import requestPropertyRemovedBeforeSunset from './request-property-removed-before-sunset.js';
import requestRequiredParameterAdded from './request-required-parameter-added.js';
import requestRequiredPropertyAdded from './request-required-property-added.js';
import requestTypeChanged from './request-type-changed.js';
import requestTypeWidened from './request-type-widened.js';
import requestUnevaluatedItemsRestricted from './request-unevaluated-items-restricted.js';
import requestUniqueItemsAdded from './request-unique-items-added.js';
import requestVariantAdded from './request-variant-added.js';
import requestVariantOverlapAdded from './request-variant-overlap-added.js';
import requestVariantRemoved from './request-variant-removed.js';
import responseAdditionalPropertiesAllowed from './response-additional-properties-allowed.js';
import responseConditionalChanged from './response-conditional-changed.js';
import responseConditionalRemoved from './response-conditional-removed.js';
import responseContainsRemoved from './response-contains-removed.js';
import responseContentEncodingChanged from './response-content-encoding-changed.js';
import responseContentMediaTypeChanged from './response-content-media-type-changed.js';
import responseDependentRequiredRemoved from './response-dependent-required-removed.js';
import responseDependentSchemaRemoved from './response-dependent-schema-removed.js';
import responseDiscriminatorPropertyChanged from './response-discriminator-property-changed.js';
import responseDiscriminatorValueAdded from './response-discriminator-value-added.js';
import responseEnumAdded from './response-enum-added.js';
import responseEnumRemoved from './response-enum-removed.js';
import responseEnumValueAdded from './response-enum-value-added.js';
import responseEnumValueRemoved from './response-enum-value-removed.js';
import responseEnumValuesReplaced from './response-enum-values-replaced.js';
import responseExtensibleEnumValueAdded from './response-extensible-enum-value-added.js';
import responseFormatChanged from './response-format-changed.js';
import responseFormatNarrowed from './response-format-narrowed.js';
import responseFormatRemoved from './response-format-removed.js';
import responseHeaderAdded from './response-header-added.js';
import responseHeaderBecameOptional from './response-header-became-optional.js';
import responseMaxContainsDecreased from './response-max-contains-decreased.js';
import responseMaxContainsIncreased from './response-max-contains-increased.js';
import responseMaxItemsDecreased from './response-max-items-decreased.js';
import responseMaxItemsIncreased from './response-max-items-increased.js';
import responseMaxLengthDecreased from './response-max-length-decreased.js';
import responseMaxLengthIncreased from './response-max-length-increased.js';
import responseMaxPropertiesDecreased from './response-max-properties-decreased.js';
import responseMaxPropertiesIncreased from './response-max-properties-increased.js';
import responseMaximumDecreased from './response-maximum-decreased.js';
import responseMaximumIncreased from './response-maximum-increased.js';
import responseMediaTypeAdded from './response-media-type-added.js';
import responseMediaTypeChanged from './response-media-type-changed.js';
import responseMediaTypeRemoved from './response-media-type-removed.js';
import responseMinContainsDecreased from './response-min-contains-decreased.js';
import responseMinContainsIncreased from './response-min-contains-increased.js';
import responseMinItemsDecreased from './response-min-items-decreased.js';
import responseMinItemsIncreased from './response-min-items-increased.js';
import responseMinLengthDecreased from './response-min-length-decreased.js';
import responseMinLengthIncreased from './response-min-length-increased.js';
import responseMinPropertiesDecreased from './response-min-properties-decreased.js';
import responseMinPropertiesIncreased from './response-min-properties-increased.js';
import responseMinimumDecreased from './response-minimum-decreased.js';
import responseMinimumIncreased from './response-minimum-increased.js';
import responseMultipleOfChanged from './response-multiple-of-changed.js';
import responseNonSuccessStatusAdded from './response-non-success-status-added.js';
import responseNonSuccessStatusRemoved from './response-non-success-status-removed.js';
import responseNotChanged from './response-not-changed.js';
import responseNotRemoved from './response-not-removed.js';
import responseNullableAdded from './response-nullable-added.js';
import responseNullableRemoved from './response-nullable-removed.js';
import responseOptionalHeaderRemoved from './response-optional-header-removed.js';
import responseOptionalPropertyNullableAdded from './response-optional-property-nullable-added.js';
import responseOptionalPropertyRemoved from './response-optional-property-removed.js';
import responsePatternAdded from './response-pattern-added.js';
import responsePatternChanged from './response-pattern-changed.js';
import responsePatternPropertiesRemoved from './response-pattern-properties-removed.js';
import responsePatternRemoved from './response-pattern-removed.js';
import responsePropertyAdded from './response-property-added.js';
import responsePropertyBecameOptional from './response-property-became-optional.js';
import responsePropertyBecameRequired from './response-property-became-required.js';
import responsePropertyBecameWriteOnly from './response-property-became-write-only.js';
import responsePropertyNamesRemoved from './response-property-names-removed.js';
import responsePropertyNullDocumented from './response-property-null-documented.js';
import responseRequiredHeaderRemoved from './response-required-header-removed.js';
import responseRequiredPropertyRemoved from './response-required-property-removed.js';
import responseSuccessStatusAdded from './response-success-status-added.js';
import responseSuccessStatusRemoved from './response-success-status-removed.js';
import responseTypeChanged from './response-type-changed.js';
import responseTypeNarrowed from './response-type-narrowed.js';
import responseUnevaluatedItemsAllowed from './response-unevaluated-items-allowed.js';
import responseUniqueItemsRemoved from './response-unique-items-removed.js';
import responseVariantAdded from './response-variant-added.js';
import responseVariantRemoved from './response-variant-removed.js';

export const rules: readonly Rule[] = [
  requestMaxLengthIncreased,
  requestMaxLengthDecreased,
  responseMaxLengthIncreased,
  responseMaxLengthDecreased,
  requestMinLengthIncreased,
  requestMinLengthDecreased,
  responseMinLengthIncreased,
  responseMinLengthDecreased,
  requestMaxItemsIncreased,
  requestMaxItemsDecreased,
  responseMaxItemsIncreased,
  responseMaxItemsDecreased,
  requestMinItemsIncreased,
  requestMinItemsDecreased,
  responseMinItemsIncreased,
  responseMinItemsDecreased,
  requestMaxPropertiesIncreased,
  requestMaxPropertiesDecreased,
  responseMaxPropertiesIncreased,
  responseMaxPropertiesDecreased,
  requestMinPropertiesIncreased,
  requestMinPropertiesDecreased,
  responseMinPropertiesIncreased,
  responseMinPropertiesDecreased,
  requestMaxContainsIncreased,
  requestMaxContainsDecreased,
  responseMaxContainsIncreased,
  responseMaxContainsDecreased,
  requestMinContainsIncreased,
  requestMinContainsDecreased,
  responseMinContainsIncreased,
  responseMinContainsDecreased,
  requestMaximumIncreased,
  requestMaximumDecreased,
  responseMaximumIncreased,
  responseMaximumDecreased,
  requestMinimumIncreased,
  requestMinimumDecreased,
  responseMinimumIncreased,
  responseMinimumDecreased,
  requestTypeChanged,
  requestTypeWidened,
  responseTypeChanged,
  responseTypeNarrowed,
  requestNullableRemoved,
  requestNullableAdded,
  responseNullableAdded,
  responseOptionalPropertyNullableAdded,
  responsePropertyNullDocumented,
  responseNullableRemoved,
  requestEnumValueRemoved,
  requestExtensibleEnumValueRemoved,
  requestEnumValueAdded,
  responseEnumValueAdded,
  responseExtensibleEnumValueAdded,
  responseEnumValuesReplaced,
  responseEnumValueRemoved,
  requestEnumAdded,
  requestEnumRemoved,
  responseEnumRemoved,
  responseEnumAdded,
  requestFormatChanged,
  requestFormatAdded,
  requestFormatWidened,
  responseFormatChanged,
  responseFormatRemoved,
  responseFormatNarrowed,
  requestPatternAdded,
  requestPatternChanged,
  requestPatternRemoved,
  responsePatternRemoved,
  responsePatternChanged,
  responsePatternAdded,
  requestMultipleOfChanged,
  responseMultipleOfChanged,
  requestUniqueItemsAdded,
  responseUniqueItemsRemoved,
  requestAdditionalPropertiesRestricted,
  responseAdditionalPropertiesAllowed,
  requestUnevaluatedItemsRestricted,
  responseUnevaluatedItemsAllowed,
  requestRequiredPropertyAdded,
  requestOptionalPropertyAdded,
  requestPropertyBecameRequired,
  requestPropertyBecameOptional,
  requestPropertyRemoved,
  requestPropertyRemovedBeforeSunset,
  responseRequiredPropertyRemoved,
  responseOptionalPropertyRemoved,
  responsePropertyBecameOptional,
  responsePropertyBecameRequired,
  responsePropertyAdded,
  requestPropertyBecameReadOnly,
  responsePropertyBecameWriteOnly,
  requestDefaultChanged,
  requestVariantRemoved,
  requestVariantAdded,
  requestVariantOverlapAdded,
  responseVariantAdded,
  responseVariantRemoved,
  requestDiscriminatorPropertyChanged,
  responseDiscriminatorPropertyChanged,
  requestDiscriminatorValueRemoved,
  responseDiscriminatorValueAdded,
  requestContainsAdded,
  responseContainsRemoved,
  requestPropertyNamesAdded,
  responsePropertyNamesRemoved,
  requestPatternPropertiesAdded,
  responsePatternPropertiesRemoved,
  requestDependentSchemaAdded,
  responseDependentSchemaRemoved,
  requestDependentRequiredAdded,
  responseDependentRequiredRemoved,
  requestConditionalChanged,
  requestConditionalAdded,
  requestNotChanged,
  requestNotAdded,
  responseConditionalChanged,
  responseConditionalRemoved,
  responseNotChanged,
  responseNotRemoved,
  requestContentMediaTypeChanged,
  responseContentMediaTypeChanged,
  requestContentEncodingChanged,
  responseContentEncodingChanged,
  apiOperationRemoved,
  apiOperationRemovedBeforeSunset,
  apiDeprecatedOperationRemoved,
  apiOperationAdded,
  apiOperationDeprecated,
  apiOperationReactivated,
  apiSunsetDateBroughtForward,
  apiOperationIdChanged,
  apiOperationIdRemoved,
  requestParameterRemoved,
  requestParameterRemovedBeforeSunset,
  requestRequiredParameterAdded,
  requestOptionalParameterAdded,
  requestParameterBecameRequired,
  requestParameterBecameOptional,
  requestParameterStyleChanged,
  requestParameterDeprecated,
  requestBodyAddedRequired,
  requestBodyAddedOptional,
  requestBodyRemoved,
  requestBodyBecameRequired,
  requestBodyBecameOptional,
  requestMediaTypeRemoved,
  requestMediaTypeAdded,
  responseSuccessStatusRemoved,
  responseNonSuccessStatusRemoved,
  responseSuccessStatusAdded,
  responseNonSuccessStatusAdded,
  responseMediaTypeRemoved,
  responseMediaTypeAdded,
  responseMediaTypeChanged,
  responseRequiredHeaderRemoved,
  responseOptionalHeaderRemoved,
  responseHeaderBecameOptional,
  responseHeaderAdded,
  apiSecurityRequirementAdded,
  apiSecurityScopeAdded,
  apiSecurityRequirementRemoved,
  apiSecuritySchemeChanged,
  apiBasePathChanged,
  apiServerRemoved,
  apiServerAdded,
];

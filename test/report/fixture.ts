/**
 * One hand-written comparison used by every reporter test: several operations, a shared component
 * (Item) reached by three operations, a component reached by one (ItemCreate, shown under its
 * operation), all three levels, a document-wide finding, and a message with backticks and a pipe
 * to exercise Markdown escaping.
 */
import type { ComparisonResult, Finding, OperationRef } from '../../src/rules/types.js';

const BASE = 'examples/petstore/base.yaml';
const REVISION = 'examples/petstore/revision.yaml';

const listItems: OperationRef = { method: 'GET', path: '/items' };
const createItem: OperationRef = { method: 'POST', path: '/items' };
const readItem: OperationRef = { method: 'GET', path: '/items/{item_id}' };
const updateItem: OperationRef = { method: 'PUT', path: '/items/{item_id}' };
const deleteItem: OperationRef = { method: 'DELETE', path: '/items/{item_id}' };

function priceRemoved(operation: OperationRef): Finding {
  return {
    id: 'response-property-removed',
    level: 'breaking',
    operation,
    location: { file: BASE, line: 41, pointer: '/components/schemas/Item/properties/price' },
    message: 'Response property "price" was removed (it was a number).',
    hint: 'Keep returning "price", or add the replacement first and remove "price" in a later major version.',
    component: '#/components/schemas/Item',
    side: 'base',
    args: { name: 'price', from: { type: 'number' }, to: null },
  };
}

function statusGrew(operation: OperationRef): Finding {
  return {
    id: 'response-property-enum-value-added',
    level: 'warning',
    operation,
    location: { file: REVISION, line: 52, pointer: '/components/schemas/Item/properties/status/enum' },
    message: 'Response property "status" may now be "archived" (was "available", "sold").',
    hint: 'Clients that switch exhaustively over "status" will meet an unknown value; tell them before shipping.',
    component: '#/components/schemas/Item',
    side: 'revision',
    args: { name: 'status', added: ['archived'] },
  };
}

export const fixtureResult: ComparisonResult = {
  base: BASE,
  revision: REVISION,
  findings: [
    {
      id: 'info-version-changed',
      level: 'info',
      operation: null,
      location: { file: REVISION, line: 4, pointer: '/info/version' },
      message: 'API version changed from "1.0.0" to "1.1.0".',
      hint: '',
      component: null,
      side: 'revision',
      args: { from: '1.0.0', to: '1.1.0' },
    },
    {
      id: 'request-parameter-added',
      level: 'info',
      operation: listItems,
      location: { file: REVISION, line: 80, pointer: '/paths/~1items/get/parameters/2' },
      message: 'Optional query parameter "tag" was added.',
      hint: '',
      component: null,
      side: 'revision',
      args: { in: 'query', name: 'tag' },
    },
    priceRemoved(listItems),
    statusGrew(listItems),
    {
      id: 'request-parameter-pattern-changed',
      level: 'warning',
      operation: listItems,
      location: { file: REVISION, line: 74, pointer: '/paths/~1items/get/parameters/0/schema/pattern' },
      message: 'Query parameter "q" pattern changed from `^[a-z]+$` to `^[a-z|0-9]+$`.',
      hint: 'Holdfast cannot decide whether the new pattern accepts every value the old one did; check it by hand.',
      component: null,
      side: 'revision',
      args: { in: 'query', name: 'q', from: '^[a-z]+$', to: '^[a-z|0-9]+$' },
    },
    {
      id: 'request-property-became-required',
      level: 'breaking',
      operation: createItem,
      location: { file: REVISION, line: 61, pointer: '/components/schemas/ItemCreate/required/2' },
      message: 'Request property "owner_id" became required.',
      hint: 'Give "owner_id" a default and keep it optional, so clients that do not send it still succeed.',
      component: '#/components/schemas/ItemCreate',
      side: 'revision',
      args: { name: 'owner_id' },
    },
    {
      id: 'request-property-enum-value-removed',
      level: 'breaking',
      operation: createItem,
      location: { file: REVISION, line: 66, pointer: '/components/schemas/ItemCreate/properties/status/enum' },
      message: 'Request property "status" no longer accepts "archived" (was "available", "sold", "archived").',
      hint: 'Keep accepting "archived" and map it to a supported value on the server.',
      component: null,
      side: 'revision',
      args: { name: 'status', removed: ['archived'] },
    },
    priceRemoved(readItem),
    statusGrew(readItem),
    priceRemoved(updateItem),
    statusGrew(updateItem),
    {
      id: 'operation-deprecated',
      level: 'info',
      operation: deleteItem,
      location: { file: REVISION, line: 120, pointer: '/paths/~1items~1{item_id}/delete/deprecated' },
      message: 'Operation was deprecated.',
      hint: '',
      component: null,
      side: 'revision',
      args: {},
    },
  ],
  summary: { breaking: 5, warning: 4, info: 3 },
};

export const emptyResult: ComparisonResult = {
  base: BASE,
  revision: REVISION,
  findings: [],
  summary: { breaking: 0, warning: 0, info: 0 },
};

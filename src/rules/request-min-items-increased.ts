import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-items-increased',
  level: 'breaking',
  direction: 'request',
  keyword: 'minItems',
  change: 'increased',
  description: 'Request schema minimum number of items increased',
});

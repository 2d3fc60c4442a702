import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-items-increased',
  level: 'info',
  direction: 'response',
  keyword: 'minItems',
  change: 'increased',
  description: 'Response schema minimum number of items increased',
});

import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-properties-increased',
  level: 'info',
  direction: 'response',
  keyword: 'minProperties',
  change: 'increased',
  description: 'Response schema minimum number of properties increased',
});

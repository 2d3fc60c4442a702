import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-properties-increased',
  level: 'breaking',
  direction: 'request',
  keyword: 'minProperties',
  change: 'increased',
  description: 'Request schema minimum number of properties increased',
});

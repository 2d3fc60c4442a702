import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-items-increased',
  level: 'warning',
  direction: 'response',
  keyword: 'maxItems',
  change: 'increased',
  description: 'Response schema maximum number of items increased',
});

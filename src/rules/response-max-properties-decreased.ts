import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-properties-decreased',
  level: 'info',
  direction: 'response',
  keyword: 'maxProperties',
  change: 'decreased',
  description: 'Response schema maximum number of properties decreased',
});

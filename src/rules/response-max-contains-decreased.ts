import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-contains-decreased',
  level: 'info',
  direction: 'response',
  keyword: 'maxContains',
  change: 'decreased',
  description: 'Response schema maxContains decreased',
});

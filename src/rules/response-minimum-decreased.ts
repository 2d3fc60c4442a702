import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-minimum-decreased',
  level: 'warning',
  direction: 'response',
  keyword: 'minimum',
  change: 'decreased',
  description: 'Response schema minimum value decreased',
});

import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-contains-decreased',
  level: 'warning',
  direction: 'response',
  keyword: 'minContains',
  change: 'decreased',
  description: 'Response schema minContains decreased',
});

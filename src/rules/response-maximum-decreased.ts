import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-maximum-decreased',
  level: 'info',
  direction: 'response',
  keyword: 'maximum',
  change: 'decreased',
  description: 'Response schema maximum value decreased',
});

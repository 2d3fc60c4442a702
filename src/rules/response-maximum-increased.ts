import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-maximum-increased',
  level: 'warning',
  direction: 'response',
  keyword: 'maximum',
  change: 'increased',
  description: 'Response schema maximum value increased',
});

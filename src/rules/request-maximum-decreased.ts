import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-maximum-decreased',
  level: 'breaking',
  direction: 'request',
  keyword: 'maximum',
  change: 'decreased',
  description: 'Request schema maximum value decreased',
});

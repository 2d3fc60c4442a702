import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-maximum-increased',
  level: 'info',
  direction: 'request',
  keyword: 'maximum',
  change: 'increased',
  description: 'Request schema maximum value increased',
});

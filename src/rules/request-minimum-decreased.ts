import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-minimum-decreased',
  level: 'info',
  direction: 'request',
  keyword: 'minimum',
  change: 'decreased',
  description: 'Request schema minimum value decreased',
});

import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-minimum-increased',
  level: 'breaking',
  direction: 'request',
  keyword: 'minimum',
  change: 'increased',
  description: 'Request schema minimum value increased',
});

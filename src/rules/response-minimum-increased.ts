import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-minimum-increased',
  level: 'info',
  direction: 'response',
  keyword: 'minimum',
  change: 'increased',
  description: 'Response schema minimum value increased',
});

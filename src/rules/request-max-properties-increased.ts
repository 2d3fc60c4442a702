import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-properties-increased',
  level: 'info',
  direction: 'request',
  keyword: 'maxProperties',
  change: 'increased',
  description: 'Request schema maximum number of properties increased',
});

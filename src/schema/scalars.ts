import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { builder } from '../builder';

builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
builder.addScalarType('DateTime', DateTimeResolver);

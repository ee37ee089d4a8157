import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { builder } from '../builder';

builder.addScalarType('JSONObject', JSONObjectResolver);
builder.addScalarType('DateTime', DateTimeResolver);

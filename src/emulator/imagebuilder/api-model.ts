import { loadModel } from '../botocore-model';

/** EC2 Image Builder's API model (data/imagebuilder/service-2.json): its operations' HTTP bindings, shapes, constraints and errors. */
export const IMAGE_BUILDER_MODEL = loadModel('imagebuilder/service-2.json');

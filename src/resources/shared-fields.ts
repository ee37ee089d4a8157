import type { EnumFieldSpec, FieldMap, ObjectFieldSpec } from './resource-type';

/**
 * Nested shapes several resource types share (the same definition in their schemas): declared
 * once, so each becomes one GraphQL type.
 */

export const componentsField: ObjectFieldSpec = {
  property: 'Components',
  object: 'ComponentConfiguration',
  fields: {
    componentArn: 'ComponentArn',
    parameters: { property: 'Parameters', object: 'ComponentParameter', fields: { name: 'Name', value: 'Value' } },
  },
};

const volumeType: EnumFieldSpec = {
  property: 'VolumeType',
  enum: 'EbsVolumeType',
  values: {
    standard: 'Magnetic (previous generation).',
    io1: 'Provisioned IOPS SSD.',
    io2: 'Provisioned IOPS SSD, higher durability.',
    io2a: 'Provisioned IOPS SSD (io2 Block Express).',
    gp2: 'General purpose SSD.',
    gp3: 'General purpose SSD with configurable IOPS and throughput.',
    gp3a: 'General purpose SSD (gp3a).',
    sc1: 'Cold HDD.',
    st1: 'Throughput optimized HDD.',
  },
};

export const blockDeviceMappingsField = (property: string): ObjectFieldSpec => ({
  property,
  object: 'InstanceBlockDeviceMapping',
  fields: {
    deviceName: 'DeviceName',
    virtualName: 'VirtualName',
    noDevice: 'NoDevice',
    ebs: {
      property: 'Ebs',
      object: 'EbsInstanceBlockDeviceSpecification',
      fields: {
        encrypted: 'Encrypted',
        deleteOnTermination: 'DeleteOnTermination',
        iops: 'Iops',
        kmsKeyId: 'KmsKeyId',
        snapshotId: 'SnapshotId',
        throughput: 'Throughput',
        volumeSize: 'VolumeSize',
        volumeType,
      },
    },
  },
});

export const targetRepositoryField: ObjectFieldSpec = {
  property: 'TargetRepository',
  object: 'TargetContainerRepository',
  fields: {
    service: { property: 'Service', enum: 'ContainerRepositoryService', values: { ECR: 'Amazon Elastic Container Registry.' } },
    repositoryName: 'RepositoryName',
  },
};

/** A resource's `Tags` map, as a list of { key value }. */
export const tagsField: FieldMap = { tags: 'Tags' };

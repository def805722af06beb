import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { INT32_MAX } from '../limits.js';

export const ASSIGNMENT_ORIGINS = ['assignment_origin_agent', 'assignment_origin_aws_sts'] as const;
export type AssignmentOrigin = (typeof ASSIGNMENT_ORIGINS)[number];

const AwsSettings = Type.Object({
  account_id: Type.String(),
  role_name_patterns: Type.String(),
});

/** Semaphore v1alpha `SelfHostedAgentType` (control-plane §1.2–1.4). Timestamps are Unix seconds. */
export const AgentType = Type.Object({
  metadata: Type.Object({
    name: Type.String(),
    create_time: Type.Integer(),
    update_time: Type.Integer(),
  }),
  spec: Type.Object({
    agent_name_settings: Type.Object({
      assignment_origin: Type.Union(ASSIGNMENT_ORIGINS.map((o) => Type.Literal(o))),
      release_after: Type.Integer(),
      aws: Type.Optional(AwsSettings),
    }),
  }),
  status: Type.Object({
    total_agent_count: Type.Integer(),
    /** Present only in the create and reset_token answers. */
    registration_token: Type.Optional(Type.String({ description: 'present only in the answers to create and reset_token' })),
  }),
}, { $id: 'AgentType' });
export type AgentType = Static<typeof AgentType>;

/** A YAML file (`outpost agent-types apply`) spells an empty value as null: it means "not given". */
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * Body of create (POST) and update (PATCH). The schema checks the shape; the hub's agent-type policy then applies
 * the rules between fields (origin, AWS settings, release_after) and names the field at fault.
 */
export const AgentTypeInput = Type.Object({
  metadata: Type.Optional(OrNull(Type.Object({ name: Type.Optional(OrNull(Type.String({ description: "starts with 's1-'" }))) }))),
  spec: Type.Optional(
    OrNull(Type.Object({
      agent_name_settings: Type.Optional(
        OrNull(Type.Object({
          assignment_origin: Type.Optional(OrNull(Type.String({ description: 'assignment_origin_agent (default) or assignment_origin_aws_sts' }))),
          release_after: Type.Optional(OrNull(Type.Integer({ maximum: INT32_MAX, description: 'seconds a disconnected agent keeps its name: 0, or 60 to 2592000' }))),
          aws: Type.Optional(
            Type.Union([
              Type.Object({
                account_id: Type.Optional(Type.String()),
                role_name_patterns: Type.Optional(Type.String()),
              }),
              Type.Null(),
            ]),
          ),
        })),
      ),
    })),
  ),
}, { $id: 'AgentTypeInput' });
export type AgentTypeInput = Static<typeof AgentTypeInput>;

export const AgentTypeList = Type.Object({ agent_types: Type.Array(AgentType) }, { $id: 'AgentTypeList' });
export type AgentTypeList = Static<typeof AgentTypeList>;

export const AgentTypeParams = Type.Object({ name: Type.String({ description: 'the name of the agent type, s1-…' }) });
export type AgentTypeParams = Static<typeof AgentTypeParams>;

/**
 * A yes/no field that may come as JSON (true/false) or as an HTML form field (where every value is text:
 * "true", "false", "1", "0"); "" and null mean not given.
 */
export const FormFlag = (description: string) =>
  Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0'), Type.Literal(''), Type.Null()], {
    description,
    errorMessage: '{field} must be true or false; got {value}',
  });
export type FormFlag = Static<ReturnType<typeof FormFlag>>;

/** POST /self_hosted_agent_types/:name/disable_all: JSON or form, or no body at all. */
export const DisableAllInput = Type.Object(
  { only_idle: Type.Optional(FormFlag('disable only agents without a job (default true); false disables every agent of the type')) },
  { $id: 'DisableAllInput', examples: [{ only_idle: true }] },
);
export type DisableAllInput = Static<typeof DisableAllInput>;

/** Outpost extension: POST /self_hosted_agent_types/:name/reset_token, JSON or form, or no body at all. */
export const ResetTokenInput = Type.Object(
  { disconnect_agents: Type.Optional(FormFlag('also disconnect the connected agents of the type (default false)')) },
  { $id: 'ResetTokenInput', examples: [{ disconnect_agents: false }] },
);
export type ResetTokenInput = Static<typeof ResetTokenInput>;

/** `{}`: the answer of a change that has nothing more to say. */
export const Empty = Type.Object({}, { $id: 'Empty' });
export type Empty = Static<typeof Empty>;

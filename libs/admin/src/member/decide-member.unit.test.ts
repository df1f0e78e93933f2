import { MemberInvited, MemberRemoved, MemberRoleChanged } from '@konstruct/schemas';
import { describe, expect, it } from 'vitest';
import {
  absentTenant,
  activeTenant,
  adminInvited,
  deletedTenant,
  memberInvited,
  memberRemoved,
  memberSpec,
  TENANT_ID,
  USER_ID,
} from '../../test/specs.ts';
import { plan } from '../decision.ts';
import { decideChangeMemberRole, decideInviteMember, decideRemoveMember } from './decide-member.ts';
import { isCurrentMember, memberRole } from './member-state.ts';

const invite = {
  tenantId: TENANT_ID,
  userId: USER_ID,
  email: 'ada@example.com',
  role: 'member' as const,
};
const ofUser = { tenantId: TENANT_ID, userId: USER_ID };

describe('inviteMember', () => {
  it('invites a person with a role', () => {
    memberSpec
      .given([])
      .when((member) => decideInviteMember({ tenant: activeTenant, member }, invite))
      .then([plan(MemberInvited, { userId: USER_ID, email: 'ada@example.com', role: 'member' })]);
  });

  it('a member cannot be invited twice', () => {
    memberSpec
      .given([memberInvited])
      .when((member) => decideInviteMember({ tenant: activeTenant, member }, invite))
      .thenFails('MemberAlreadyExists', /change their role instead/);
  });

  it('a removed member can be invited again', () => {
    memberSpec
      .given([memberInvited, memberRemoved])
      .when((member) =>
        decideInviteMember({ tenant: activeTenant, member }, { ...invite, role: 'admin' }),
      )
      .then([plan(MemberInvited, { userId: USER_ID, email: 'ada@example.com', role: 'admin' })]);
  });

  it('nobody can be invited to a missing or deleted tenant', () => {
    memberSpec
      .given([])
      .when((member) => decideInviteMember({ tenant: absentTenant, member }, invite))
      .thenFails('TenantNotFound');
    memberSpec
      .given([])
      .when((member) => decideInviteMember({ tenant: deletedTenant, member }, invite))
      .thenFails('TenantDeleted');
  });

  it('refuses an invitation based on an outdated version', () => {
    memberSpec
      .given([memberInvited, memberRemoved])
      .when((member) =>
        decideInviteMember({ tenant: activeTenant, member }, { ...invite, expectedVersion: 1 }),
      )
      .thenFails('StaleWrite');
  });
});

describe('changeMemberRole', () => {
  it('promotes a member to admin, recording the previous role', () => {
    memberSpec
      .given([memberInvited])
      .when((member) =>
        decideChangeMemberRole({ member, adminCount: 1 }, { ...ofUser, role: 'admin' }),
      )
      .then([plan(MemberRoleChanged, { userId: USER_ID, role: 'admin', previousRole: 'member' })]);
  });

  it('demotes an admin while another admin remains', () => {
    memberSpec
      .given([adminInvited])
      .when((member) =>
        decideChangeMemberRole({ member, adminCount: 2 }, { ...ofUser, role: 'member' }),
      )
      .then([plan(MemberRoleChanged, { userId: USER_ID, role: 'member', previousRole: 'admin' })]);
  });

  it('the last admin cannot be demoted', () => {
    memberSpec
      .given([adminInvited])
      .when((member) =>
        decideChangeMemberRole({ member, adminCount: 1 }, { ...ofUser, role: 'member' }),
      )
      .thenFails('LastAdmin', /make someone else admin first/);
  });

  it('refuses a change to the role the member already has', () => {
    memberSpec
      .given([memberInvited])
      .when((member) =>
        decideChangeMemberRole({ member, adminCount: 1 }, { ...ofUser, role: 'member' }),
      )
      .thenFails('NothingToChange');
  });

  it('sees earlier role changes', () => {
    const promoted = {
      type: 'member.role_changed' as const,
      data: { userId: USER_ID, role: 'admin' as const, previousRole: 'member' as const },
    };
    memberSpec
      .given([memberInvited, promoted])
      .when((member) =>
        decideChangeMemberRole({ member, adminCount: 3 }, { ...ofUser, role: 'admin' }),
      )
      .thenFails('NothingToChange');
  });

  it('a missing or removed member has no role to change', () => {
    for (const history of [[], [memberInvited, memberRemoved]]) {
      memberSpec
        .given(history)
        .when((member) =>
          decideChangeMemberRole({ member, adminCount: 2 }, { ...ofUser, role: 'admin' }),
        )
        .thenFails('MemberNotFound');
    }
  });

  it('refuses a role change based on an outdated version', () => {
    memberSpec
      .given([memberInvited])
      .when((member) =>
        decideChangeMemberRole(
          { member, adminCount: 2 },
          { ...ofUser, role: 'admin', expectedVersion: 0 },
        ),
      )
      .thenFails('StaleWrite');
  });
});

describe('removeMember', () => {
  it('removes a member', () => {
    memberSpec
      .given([memberInvited])
      .when((member) => decideRemoveMember({ member, adminCount: 1 }, ofUser))
      .then([plan(MemberRemoved, { userId: USER_ID })]);
  });

  it('removes an admin while another admin remains', () => {
    memberSpec
      .given([adminInvited])
      .when((member) => decideRemoveMember({ member, adminCount: 2 }, ofUser))
      .then([plan(MemberRemoved, { userId: USER_ID })]);
  });

  it('the last admin cannot be removed', () => {
    memberSpec
      .given([adminInvited])
      .when((member) => decideRemoveMember({ member, adminCount: 1 }, ofUser))
      .thenFails('LastAdmin');
  });

  it('a missing or already removed member cannot be removed', () => {
    for (const history of [[], [memberInvited, memberRemoved]]) {
      memberSpec
        .given(history)
        .when((member) => decideRemoveMember({ member, adminCount: 2 }, ofUser))
        .thenFails('MemberNotFound');
    }
  });

  it('refuses a removal based on an outdated version', () => {
    memberSpec
      .given([memberInvited])
      .when((member) =>
        decideRemoveMember({ member, adminCount: 2 }, { ...ofUser, expectedVersion: 2 }),
      )
      .thenFails('StaleWrite');
  });
});

describe('member state', () => {
  it('knows whether a person belongs to the tenant and with which role', () => {
    const current = memberSpec.given([adminInvited]).state;
    expect(isCurrentMember(current)).toBe(true);
    expect(memberRole(current)).toBe('admin');
    const removed = memberSpec.given([adminInvited, memberRemoved]).state;
    expect(isCurrentMember(removed)).toBe(false);
    expect(memberRole(removed)).toBeNull();
  });
});

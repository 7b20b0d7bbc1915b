package io.swarmshare.tracker.group;

import io.swarmshare.common.api.CreateGroupRequest;
import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.JoinRequestView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.tracker.session.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/groups")
class GroupController {

    private final GroupService groups;

    GroupController(GroupService groups) {
        this.groups = groups;
    }

    @GetMapping
    List<GroupView> all(Caller caller) {
        return groups.all(caller);
    }

    @GetMapping("/mine")
    List<GroupView> mine(Caller caller) {
        return groups.mine(caller);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    GroupView create(Caller caller, @RequestBody CreateGroupRequest request) {
        return groups.create(caller, request);
    }

    @PostMapping("/{group}/join-requests")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MembershipView requestJoin(Caller caller, @PathVariable String group) {
        return groups.requestJoin(caller, group);
    }

    @GetMapping("/{group}/join-requests")
    List<JoinRequestView> pending(Caller caller, @PathVariable String group) {
        return groups.pendingRequests(caller, group);
    }

    @PostMapping("/{group}/join-requests/{user}/accept")
    MembershipView accept(Caller caller, @PathVariable String group, @PathVariable String user) {
        return groups.accept(caller, group, user);
    }

    @PostMapping("/{group}/join-requests/{user}/reject")
    MembershipView reject(Caller caller, @PathVariable String group, @PathVariable String user) {
        return groups.reject(caller, group, user);
    }

    @DeleteMapping("/{group}/members/me")
    MembershipView leave(Caller caller, @PathVariable String group) {
        return groups.leave(caller, group);
    }
}

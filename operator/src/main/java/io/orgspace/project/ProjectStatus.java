package io.orgspace.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.orgspace.common.ResourceStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProjectStatus extends ResourceStatus {}
